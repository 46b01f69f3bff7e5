import { MAX_CUSTOM_VALUES_LENGTH, MAX_JSON_DEPTH, MAX_JSON_LENGTH } from '@crmkit/core'
import { NotFoundError, ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { caught, describeError, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'
import { validationPaths } from './validation.js'

/** Text some adapter cannot store exactly: NUL (PostgreSQL) and unpaired surrogates (not UTF-8). */
const UNSTORABLE = {
  NUL: 'a\u0000b',
  'a lone high surrogate': 'a\uD800b',
  'a lone low surrogate': 'a\uDC00b',
  'a reversed pair': 'a\uDC00\uD800b',
} as const

/** JSON nested `depth` levels: `{ d: { d: ... 1 } }`. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { d: 1 }
  for (let i = 1; i < depth; i++) value = { d: value }
  return value
}

/** Every write that takes text, with the unstorable text in one field (as thunks: each call starts when awaited). */
async function writesWith(t: Tenant, text: string) {
  const pipeline = await salesPipeline(t)
  const contact = await t.contacts.create({ email: 'base@example.com' })
  return {
    'contact firstName': () => t.contacts.create({ email: 'x@example.com', firstName: text }),
    'contact tag': () => t.contacts.create({ email: 'y@example.com', tags: [text] }),
    'contact update': () => t.contacts.update(contact.id, { lastName: text }),
    'company name': () => t.companies.create({ name: text }),
    'deal title': () => t.deals.create({ title: text, pipelineId: pipeline.id, amount: { value: 1, currency: 'EUR' } }),
    'activity subject': () => t.activities.log({ type: 'note', subject: text, contactId: contact.id }),
    'activity metadata value': () =>
      t.activities.log({ type: 'note', contactId: contact.id, metadata: { note: text } }),
    'activity metadata key': () => t.activities.log({ type: 'note', contactId: contact.id, metadata: { [text]: 1 } }),
    'task title': () => t.tasks.create({ title: text, contactId: contact.id }),
    'touchpoint channel': () => t.attribution.track({ channel: text, contactId: contact.id, occurredAt: new Date() }),
  }
}

/**
 * Strings and JSON no adapter could store exactly are refused in core with the same
 * ValidationError on every adapter, before a driver sees them; keys that could never have been
 * stored match nothing; JSON is bounded in depth and length so validation cannot overflow the stack.
 */
export function storableInputTests(get: () => SuiteContext): void {
  describe('storable input', () => {
    for (const [what, text] of Object.entries(UNSTORABLE)) {
      it(`text with ${what} is a ValidationError on every write, and nothing is written`, async () => {
        const { raw } = get()
        const { t, tenantId } = get().tenant()
        const calls = await writesWith(t, text)
        const before = await snapshotTenant(raw, tenantId)
        for (const [field, call] of Object.entries(calls)) {
          const error = await caught(call())
          expect(error, `${field}: ${describeError(error)}`).toBeInstanceOf(ValidationError)
          expect((error as ValidationError).message, field).toMatch(/NUL characters or unpaired UTF-16 surrogates/)
        }
        expect(await snapshotTenant(raw, tenantId)).toEqual(before)
      })
    }

    it('a custom text value with NUL is a ValidationError naming custom.<key>', async () => {
      const { t } = get().tenant()
      await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note', type: 'text' })
      const paths = await validationPaths(t.contacts.create({ email: 'c@example.com', custom: { note: 'a\u0000' } }))
      expect(paths).toEqual(['custom.note'])
    })

    it(`a record's custom values are at most MAX_CUSTOM_VALUES_LENGTH as JSON, on create and after a patch`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const keys = Array.from({ length: 30 }, (_, i) => `note${i}`)
      for (const key of keys) await t.customFields.define({ entity: 'contact', key, label: key, type: 'text' })
      const values = (from: number, to: number) =>
        Object.fromEntries(keys.slice(from, to).map((k) => [k, 'x'.repeat(9_000)]))
      // 30 x 9,000 characters: past the 262,144 of the limit, though every value is within its own.
      expect(MAX_CUSTOM_VALUES_LENGTH).toBe(262_144)
      expect(await validationPaths(t.contacts.create({ email: 'wide@example.com', custom: values(0, 30) }))).toEqual([
        'custom',
      ])
      const contact = await t.contacts.create({ email: 'wide@example.com', custom: values(0, 20) })
      const before = await snapshotTenant(raw, tenantId)
      expect(await validationPaths(t.contacts.update(contact.id, { custom: values(20, 30) }))).toEqual(['custom'])
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('ids that could never be stored (NUL) read as absent: get is null, writes are NotFoundError', async () => {
      const { t } = get().tenant()
      const contact = await t.contacts.create({ email: 'n@example.com' })
      // An id of the right length (36) that ends in NUL: valid as input, impossible as a stored key.
      const bad = `${contact.id.slice(0, 35)}\u0000`
      expect(await t.contacts.get(bad)).toBeNull()
      expect(await t.companies.get(bad)).toBeNull()
      expect(await t.deals.get(bad)).toBeNull()
      const writes = [
        () => t.contacts.update(bad, { firstName: 'x' }),
        () => t.contacts.delete(bad),
        () => t.deals.history(bad),
      ]
      for (const call of writes) {
        const error = await caught(call())
        expect(error, describeError(error)).toBeInstanceOf(NotFoundError)
      }
      const link = await caught(t.contacts.linkCompany(contact.id, bad))
      expect(link, describeError(link)).toBeInstanceOf(NotFoundError)
    })

    it('a filter comparing with NUL text is a ValidationError under where', async () => {
      const { t } = get().tenant()
      const paths = await validationPaths(
        t.contacts.list({ where: { field: 'firstName', op: 'eq', value: 'a\u0000' } }),
      )
      expect(paths[0]?.startsWith('where')).toBe(true)
    })

    it(`metadata nested ${MAX_JSON_DEPTH} levels is stored and read back; one level more is refused`, async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const contact = await t.contacts.create({ email: 'm@example.com' })
      const deepest = nested(MAX_JSON_DEPTH)
      const logged = await t.activities.log({ type: 'note', contactId: contact.id, metadata: deepest })
      expect(logged.metadata).toEqual(deepest)
      const { items } = await t.activities.timeline({ contactId: contact.id })
      expect(items.find((a) => a.id === logged.id)?.metadata).toEqual(deepest)
      const before = await snapshotTenant(raw, tenantId)
      const paths = await validationPaths(
        t.activities.log({ type: 'note', contactId: contact.id, metadata: nested(MAX_JSON_DEPTH + 1) }),
      )
      expect(paths[0]).toMatch(/^metadata(\.d)+$/)
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('metadata nested 100,000 levels or 20 MB long is a ValidationError, not a crash', async () => {
      const { t } = get().tenant()
      const contact = await t.contacts.create({ email: 'huge@example.com' })
      const deep = nested(100_000)
      const huge = { text: 'x'.repeat(20_000_000) }
      const wide = { list: Array.from({ length: 1_000_000 }, (_, i) => i) }
      for (const metadata of [deep, huge, wide]) {
        const error = await caught(t.activities.log({ type: 'note', contactId: contact.id, metadata }))
        expect(error, describeError(error)).toBeInstanceOf(ValidationError)
      }
      const exact = { text: 'x'.repeat(MAX_JSON_LENGTH - '{"text":""}'.length) }
      const logged = await t.activities.log({ type: 'note', contactId: contact.id, metadata: exact })
      expect(logged.metadata).toEqual(exact)
    })

    it('importMany reports unstorable rows as failed and imports the rest', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const result = await t.contacts.importMany([
        { email: 'good1@example.com' },
        { email: 'bad@example.com', firstName: 'a\u0000' },
        { email: 'good2@example.com', lastName: 'b\uD800' },
        { email: 'good3@example.com' },
      ])
      expect(result.failed.map((f) => [f.index, f.issues.map((i) => i.path.join('.'))])).toEqual([
        [1, ['firstName']],
        [2, ['lastName']],
      ])
      expect(await raw.count('contacts', tenantId)).toBe(2)
    })
  })
}
