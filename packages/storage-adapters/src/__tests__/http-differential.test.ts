/**
 * Differential property: random call sequences give the same results and the same errors
 * through remote client -> HTTP handler -> adapter as through local calls. Two CRMs over
 * fresh memory stores with the same deterministic clock and ids run the same sequence, one
 * locally and one remotely; every outcome (value, or error class, code, message, issues and
 * conflict fields) must be equal.
 */
import { type Crm, CrmError, createCrm, type TenantCrm, ValidationError } from '@crmkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../memory.js'
import { remoteTenant, testHandler } from '../testing/remote.js'

function deterministicCrm(): Crm {
  let now = Date.parse('2026-05-01T00:00:00.000Z')
  let id = 0
  return createCrm({
    storage: memoryStorage(),
    clock: () => {
      now += 1000
      return new Date(now)
    },
    ids: () => `00000000-0000-7000-8000-${(++id).toString(16).padStart(12, '0')}`,
  })
}

type Op =
  | { op: 'createContact'; email: string | undefined; firstName: string; stage: string | undefined }
  | { op: 'updateContact'; at: number; patch: Record<string, unknown>; expectedVersion: number | undefined }
  | { op: 'deleteContact' | 'restoreContact' | 'getContact'; at: number }
  | { op: 'listContacts'; limit: number; stage: string | undefined; sort: string }
  | { op: 'countContacts' }
  | { op: 'createCompany'; name: string }
  | { op: 'linkCompany'; contact: number; company: number }
  | { op: 'events'; limit: number }

const stage = fc.option(fc.constantFrom('lead', 'customer', 'nope'), { nil: undefined })
const email = fc.option(fc.constantFrom('a@x.io', 'b@x.io', 'A@X.IO', 'bad', 'c@x.io'), { nil: undefined })
const at = fc.nat({ max: 6 })
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('createContact' as const), email, firstName: fc.string({ maxLength: 5 }), stage }),
  fc.record({
    op: fc.constant('updateContact' as const),
    at,
    patch: fc.oneof(
      fc.record({ firstName: fc.string({ maxLength: 5 }) }),
      fc.record({ lifecycleStage: fc.constantFrom('lead', 'customer', 'x') }),
      fc.record({ email: fc.constantFrom('a@x.io', 'b@x.io', null) }),
      fc.record({ tags: fc.array(fc.constantFrom('vip', 'x', ''), { maxLength: 3 }) }),
    ),
    expectedVersion: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  }),
  fc.record({ op: fc.constantFrom('deleteContact' as const, 'restoreContact' as const, 'getContact' as const), at }),
  fc.record({
    op: fc.constant('listContacts' as const),
    limit: fc.integer({ min: 0, max: 4 }),
    stage,
    sort: fc.constantFrom('createdAt', 'email', 'firstName', 'nope'),
  }),
  fc.record({ op: fc.constant('countContacts' as const) }),
  fc.record({ op: fc.constant('createCompany' as const), name: fc.string({ maxLength: 4 }) }),
  fc.record({ op: fc.constant('linkCompany' as const), contact: at, company: fc.nat({ max: 3 }) }),
  fc.record({ op: fc.constant('events' as const), limit: fc.integer({ min: 1, max: 5 }) }),
)

/** Runs one op; ids are picked from those created so far (or a missing one). */
async function run(t: TenantCrm, o: Op, contacts: string[], companies: string[]): Promise<unknown> {
  const contact = (i: number) => contacts[i] ?? '00000000-0000-7000-8000-ffffffffffff'
  switch (o.op) {
    case 'createContact': {
      const c = await t.contacts.create({
        ...(o.email === undefined ? {} : { email: o.email }),
        firstName: o.firstName,
        ...(o.stage === undefined ? {} : { lifecycleStage: o.stage as 'lead' }),
      })
      contacts.push(c.id)
      return c
    }
    case 'updateContact':
      return t.contacts.update(
        contact(o.at),
        o.patch,
        o.expectedVersion === undefined ? undefined : { expectedVersion: o.expectedVersion },
      )
    case 'deleteContact':
      return t.contacts.delete(contact(o.at))
    case 'restoreContact':
      return t.contacts.restore(contact(o.at))
    case 'getContact':
      return t.contacts.get(contact(o.at))
    case 'listContacts':
      return t.contacts.list({
        limit: o.limit,
        sort: { field: o.sort as 'email', direction: 'asc' },
        ...(o.stage === undefined ? {} : { where: { field: 'lifecycleStage', op: 'eq', value: o.stage } }),
      })
    case 'countContacts':
      return t.contacts.count()
    case 'createCompany': {
      const c = await t.companies.create({ name: o.name })
      companies.push(c.id)
      return c
    }
    case 'linkCompany':
      return t.contacts.linkCompany(contact(o.contact), companies[o.company] ?? '00000000-0000-7000-8000-eeeeeeeeeeee')
    case 'events':
      return t.events.list({ limit: o.limit })
  }
}

/** A comparable outcome: the value, or what a caller can see of the error. */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await call() }
  } catch (error) {
    if (!(error instanceof CrmError)) return { thrown: String(error) }
    const fields = { ...error } as Record<string, unknown>
    delete fields.stack
    return { error: error.name, code: error.code, message: error.message, fields }
  }
}

describe('http differential', () => {
  it('property: random call sequences give the same outcomes remotely as locally', async () => {
    let sequences = 0
    let errors = 0
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const localCrm = deterministicCrm()
        const remoteCrm = deterministicCrm()
        await localCrm.migrate()
        await remoteCrm.migrate()
        const local = localCrm.forTenant('diff', { actor: 'a' })
        const remote = remoteTenant(testHandler(remoteCrm), 'diff', 'a')
        const ids = {
          local: { contacts: [] as string[], companies: [] as string[] },
          remote: { contacts: [] as string[], companies: [] as string[] },
        }
        for (const o of ops) {
          const expected = await outcome(() => run(local, o, ids.local.contacts, ids.local.companies))
          const actual = await outcome(() => run(remote, o, ids.remote.contacts, ids.remote.companies))
          expect(actual, JSON.stringify(o)).toEqual(expected)
          if ('error' in (expected as object)) errors += 1
        }
        sequences += 1
      }),
      { numRuns: 60 },
    )
    // The sequences must exercise failures too (conflicts, validation, not found), or equality says little.
    expect(sequences).toBe(60)
    expect(errors).toBeGreaterThan(20)
  })

  it('a ValidationError keeps its issues, in order, through the wire', async () => {
    const crm = deterministicCrm()
    await crm.migrate()
    const remote = remoteTenant(testHandler(crm), 'v', 'a')
    const error = await remote.contacts.create({ email: 'bad', lifecycleStage: 'x' as 'lead' }).catch((e) => e)
    expect(error).toBeInstanceOf(ValidationError)
    const local = await crm
      .forTenant('v', { actor: 'a' })
      .contacts.create({ email: 'bad', lifecycleStage: 'x' as 'lead' })
      .catch((e) => e)
    expect(error.issues).toEqual(local.issues)
    expect(error.message).toBe(local.message)
  })
})
