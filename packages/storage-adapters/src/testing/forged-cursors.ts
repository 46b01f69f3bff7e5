import { ValidationError } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

/** A cursor as a list call encodes one: base64url of `[sort, direction, value, id]` JSON. */
function forge(parts: unknown): string {
  return forgeJson(JSON.stringify(parts))
}

/** A cursor of raw JSON text (JSON.stringify would turn 1e999 into null). */
function forgeJson(json: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(json)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Expect a ValidationError on `cursor` (not a driver error, not a page). */
async function expectBadCursor(call: Promise<unknown>, label: string): Promise<void> {
  const outcome = await call.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  )
  expect(outcome, label).toBeInstanceOf(ValidationError)
  const error = outcome as ValidationError
  expect(
    error.issues.map((issue) => issue.path),
    label,
  ).toEqual([['cursor']])
}

/** Before every real id (digits only, so no collation can reorder it). */
const ID = '00000000-0000-0000-0000-000000000000'
const NUL_ID = 'a\u0000b'
const LONG_ID = 'x'.repeat(37)

/** A cursor comes back from the caller: every forged one is refused alike on every adapter. */
export function forgedCursorTests(get: () => SuiteContext): void {
  describe('forged cursors', () => {
    it('contacts: a wrong value type, NUL or over-long ids, nested arrays and another sort are ValidationErrors', async () => {
      const { t } = get().tenant()
      for (let i = 0; i < 3; i++) await t.contacts.create({ email: `c${i}@x.io`, lastName: `L${i}` })
      await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number' })
      await t.customFields.define({ entity: 'contact', key: 'vip', label: 'VIP', type: 'boolean' })
      await t.customFields.define({ entity: 'contact', key: 'since', label: 'Since', type: 'date' })
      const byName = { field: 'lastName', direction: 'asc' } as const
      const byCreated = { field: 'createdAt', direction: 'desc' } as const
      const real = (await t.contacts.list({ sort: byName, limit: 1 })).nextCursor
      expect(real).not.toBeNull()
      const cases: [string, { field: string; direction: 'asc' | 'desc' }, unknown][] = [
        ['number for a string column', byName, ['lastName', 'asc', 42, ID]],
        ['object for a string column', byName, ['lastName', 'asc', { a: 1 }, ID]],
        ['nested array value', byName, ['lastName', 'asc', [['L0']], ID]],
        ['NUL in the value', byName, ['lastName', 'asc', 'L\u0000', ID]],
        ['NUL in the id', byName, ['lastName', 'asc', 'L0', NUL_ID]],
        ['over-long id', byName, ['lastName', 'asc', 'L0', LONG_ID]],
        ['empty id', byName, ['lastName', 'asc', 'L0', '']],
        ['number id', byName, ['lastName', 'asc', 'L0', 7]],
        ['five parts', byName, ['lastName', 'asc', 'L0', ID, 1]],
        ['a cursor of another sort', byCreated, real],
        ['timestamp that is not one', byCreated, ['createdAt', 'desc', 'yesterday', ID]],
        ['impossible timestamp', byCreated, ['createdAt', 'desc', '2026-13-45T99:00:00.000Z', ID]],
        ['non-canonical timestamp', byCreated, ['createdAt', 'desc', '2026-01-01T00:00:00+02:00', ID]],
        ['number for a timestamp', byCreated, ['createdAt', 'desc', 1_700_000_000_000, ID]],
        ['NULL for a NOT NULL column', byCreated, ['createdAt', 'desc', null, ID]],
        ['string for a custom number', { field: 'custom.score', direction: 'asc' }, ['custom.score', 'asc', 'x', ID]],
        ['huge custom number', { field: 'custom.score', direction: 'asc' }, `["custom.score","asc",1e999,"${ID}"]`],
        ['true for a custom boolean', { field: 'custom.vip', direction: 'asc' }, ['custom.vip', 'asc', true, ID]],
        ['2 for a custom boolean', { field: 'custom.vip', direction: 'asc' }, ['custom.vip', 'asc', 2, ID]],
        ['bad custom date', { field: 'custom.since', direction: 'asc' }, ['custom.since', 'asc', '2026-02-30', ID]],
      ]
      for (const [label, sort, cursor] of cases) {
        const text = typeof cursor === 'string' ? (cursor.startsWith('[') ? forgeJson(cursor) : cursor) : forge(cursor)
        await expectBadCursor(t.contacts.list({ sort: sort as typeof byName, cursor: text }), label)
      }
      // Well-typed forged cursors still read on: no contact has these fields, so all three sort
      // as NULL, after any value and after the smallest id.
      for (const [sort, value] of [
        [{ field: 'custom.score', direction: 'asc' }, null],
        [{ field: 'custom.since', direction: 'asc' }, '2026-02-28'],
        [{ field: 'custom.vip', direction: 'asc' }, 1],
      ] as const) {
        const page = await t.contacts.list({ sort, cursor: forge([sort.field, 'asc', value, ID]) })
        expect(page.items).toHaveLength(3)
      }
    })

    it('integer, number and date columns: strings, fractions, unsafe and huge numbers are ValidationErrors', async () => {
      const { t } = get().tenant()
      await t.companies.create({ name: 'A', size: 10 })
      const p = await salesPipeline(t)
      await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 5, currency: 'EUR' } })
      const bySize = { field: 'size', direction: 'asc' } as const
      for (const [label, value] of [
        ['string for an integer column', '10'],
        ['fraction for an integer column', 2.5],
        ['unsafe integer', 2 ** 53],
        ['huge number', 1e300],
        ['boolean', true],
      ] as const) {
        await expectBadCursor(t.companies.list({ sort: bySize, cursor: forge(['size', 'asc', value, ID]) }), label)
      }
      await expectBadCursor(
        t.companies.list({ sort: bySize, cursor: forgeJson(`["size","asc",1e400,"${ID}"]`) }),
        'infinite number',
      )
      expect((await t.companies.list({ sort: bySize, cursor: forge(['size', 'asc', null, ID]) })).items).toEqual([])
      const byAmount = { field: 'amount', direction: 'desc' } as const
      await expectBadCursor(
        t.deals.list({ sort: byAmount, cursor: forge(['amountValue', 'desc', 'lots', ID]) }),
        'string for the amount',
      )
      await expectBadCursor(
        t.deals.list({ sort: byAmount, cursor: forge(['amountValue', 'desc', null, ID]) }),
        'NULL for a NOT NULL integer',
      )
      const byClose = { field: 'expectedCloseDate', direction: 'asc' } as const
      for (const value of ['2026-02-30', '2026-01-01T00:00:00.000Z', 20260101]) {
        await expectBadCursor(
          t.deals.list({ sort: byClose, cursor: forge(['expectedCloseDate', 'asc', value, ID]) }),
          `date column: ${String(value)}`,
        )
      }
    })

    it('timeline, insights.transitions and the events outbox check their cursors too', async () => {
      const { t } = get().tenant()
      const p = await salesPipeline(t)
      await t.deals.create({ title: 'D', pipelineId: p.id, amount: { value: 5, currency: 'EUR' } })
      await expectBadCursor(
        t.activities.timeline({ cursor: forge(['occurredAt', 'desc', 'not a time', ID]) }),
        'timeline timestamp',
      )
      await expectBadCursor(t.activities.timeline({ cursor: forge(['occurredAt', 'desc', 5, NUL_ID]) }), 'timeline')
      await expectBadCursor(t.insights.transitions({ cursor: forge(['at', 'asc', 'soon', ID]) }), 'transitions')
      await expectBadCursor(
        t.insights.transitions({ cursor: forge(['at', 'asc', '2026-01-01T00:00:00.000Z', NUL_ID]) }),
        'transitions id',
      )
      for (const cursor of [NUL_ID, LONG_ID, '']) {
        await expectBadCursor(t.events.list({ cursor }), `events cursor ${JSON.stringify(cursor)}`)
      }
      expect((await t.events.list({ cursor: 'zzzz' })).items).toEqual([])
    })
  })
}
