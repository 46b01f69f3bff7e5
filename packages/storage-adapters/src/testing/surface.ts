import { type ArgDecl, tenantApi, ValidationError } from '@crmkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SuiteContext, Tenant } from './context.js'
import { describeError, snapshotTenant } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

type AnyMethod = (...args: unknown[]) => Promise<unknown>

/** Whether an argument's declaration accepts `value` (a left-out optional argument is accepted). */
function declaredAccepts(decl: ArgDecl, value: unknown): boolean {
  if (decl.optional && (value === undefined || value === null)) return true
  const result = decl.schema['~standard'].validate(value)
  if (result instanceof Promise) throw new Error(`${decl.name}: the schema validates asynchronously`)
  return result.issues === undefined
}

/** What a call ended with: `undefined` when it resolved. */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call()
    return undefined
  } catch (error) {
    return error
  }
}

const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', 'lead', 'open', 'won', 'text', 'select', 'contact', 'deal', 'EUR', 'eur', 'a@b.co'),
  fc.constantFrom('2026-01-31', '2026-01-31T09:30:00Z', 'not-a-date', 'custom:webinar', 'plan', 'Plan'),
  fc.integer({ min: -3, max: 2000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.constantFrom('a', 'b', '', 'x'.repeat(70)), { maxLength: 3 }),
  fc.date(),
  fc.object({ maxDepth: 1 }),
)

/** Objects over the schema's own keys (valid and invalid values), plus keys it refuses; sometimes no object at all. */
function argValues(keys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.dictionary(fc.constantFrom(...keys, 'id', 'version', 'tenantId', 'bogus'), junk) },
    { weight: 1, arbitrary: fc.oneof(junk, fc.anything()) },
  )
}

interface SurfaceCase {
  readonly service: keyof typeof tenantApi
  readonly method: string
  /** Index of the argument under test. */
  readonly arg: number
  /** Keys the generated objects use (those the schema alone decides: no references, no custom values). */
  readonly keys: readonly string[]
  /** Valid arguments around the one under test, made in the test's tenant. */
  readonly around: (t: Tenant) => Promise<unknown[]>
  /**
   * With `keys` only, nothing but the schema decides validity, so a call the schema accepts
   * must not fail validation either (the verdicts agree both ways).
   */
  readonly exact: boolean
}

const cases: readonly SurfaceCase[] = [
  {
    service: 'contacts',
    method: 'create',
    arg: 0,
    keys: ['email', 'firstName', 'lastName', 'phone', 'title', 'lifecycleStage', 'ownerId', 'tags'],
    around: async () => [undefined],
    // A duplicate email is a ConflictError, not a ValidationError, so the verdicts still agree.
    exact: true,
  },
  {
    service: 'companies',
    method: 'update',
    arg: 1,
    keys: ['name', 'domain', 'industry', 'size', 'ownerId', 'tags'],
    around: async (t) => [(await t.companies.create({ name: 'Acme' })).id, undefined, undefined],
    exact: true,
  },
  {
    service: 'companies',
    method: 'update',
    arg: 2,
    keys: ['expectedVersion'],
    around: async (t) => [(await t.companies.create({ name: 'Acme' })).id, { name: 'Acme 2' }, undefined],
    // A stale expectedVersion is a ConflictError.
    exact: true,
  },
  {
    service: 'tasks',
    method: 'create',
    arg: 0,
    keys: ['title', 'notes', 'assignee', 'dueAt'],
    around: async () => [undefined],
    exact: true,
  },
  {
    service: 'customFields',
    method: 'define',
    arg: 0,
    keys: ['entity', 'key', 'label', 'type', 'options', 'required'],
    around: async () => [undefined],
    // A taken key is a ConflictError.
    exact: true,
  },
  {
    service: 'deals',
    method: 'moveToStage',
    arg: 2,
    keys: ['expectedVersion', 'lostReason'],
    around: async (t) => {
      const pipeline = await salesPipeline(t)
      const [lead, proposal] = pipeline.stages
      const deal = await t.deals.create({ title: 'D', pipelineId: pipeline.id, amount: { value: 1, currency: 'EUR' } })
      return [deal.id, (lead?.id === deal.stageId ? proposal : lead)?.id, undefined]
    },
    // lostReason on a move into an open stage is refused by the service, not the schema.
    exact: false,
  },
  {
    service: 'contacts',
    method: 'list',
    arg: 0,
    keys: ['where', 'sort', 'limit', 'cursor'],
    around: async () => [undefined],
    // The filter tree, the sort field and the cursor are checked against the table by the service.
    exact: false,
  },
  {
    service: 'activities',
    method: 'timeline',
    arg: 0,
    keys: ['types', 'limit'],
    around: async () => [undefined],
    exact: true,
  },
  {
    service: 'activities',
    method: 'update',
    arg: 1,
    keys: ['type', 'channel', 'subject', 'body', 'occurredAt', 'metadata'],
    around: async (t) => {
      const contact = await t.contacts.create({ email: 'a@b.co' })
      return [(await t.activities.log({ type: 'note', contactId: contact.id })).id, undefined, undefined]
    },
    exact: true,
  },
  {
    service: 'customFields',
    method: 'update',
    arg: 1,
    keys: ['label', 'options', 'key', 'type', 'entity', 'required'],
    around: async (t) => {
      const field = await t.customFields.define({
        entity: 'deal',
        key: 'plan',
        label: 'Plan',
        type: 'select',
        options: ['a'],
      })
      return [field.id, undefined, undefined]
    },
    // Removing an option that records hold is refused by the service; here none does.
    exact: true,
  },
  {
    service: 'contacts',
    method: 'updateMany',
    arg: 1,
    keys: ['batchSize'],
    around: async () => [{ where: { all: [] }, set: { title: 'CEO' } }, undefined],
    exact: true,
  },
  {
    service: 'pipelines',
    method: 'list',
    arg: 0,
    keys: ['where', 'sort', 'limit', 'cursor', 'withTotal'],
    around: async () => [undefined],
    // The filter tree, the sort field and the cursor are checked against the table by the service.
    exact: false,
  },
  {
    service: 'pipelines',
    method: 'updateStage',
    arg: 2,
    keys: ['name', 'probability', 'kind'],
    around: async (t) => {
      const pipeline = await salesPipeline(t)
      return [pipeline.id, pipeline.stages[0]?.id, undefined, undefined]
    },
    // No deal is in the stage, so the service refuses no kind change.
    exact: true,
  },
  {
    service: 'events',
    method: 'list',
    arg: 0,
    keys: ['cursor', 'limit', 'withTotal'],
    around: async () => [undefined],
    exact: true,
  },
]

/**
 * The declaration (`tenantApi`) and the services agree: a value the declared schema refuses
 * is refused by the method with a ValidationError that writes nothing, so a transport that
 * validates with the declaration (HTTP routes, a remote client) never refuses a call the
 * service would take. Where the schema alone decides, a value it accepts passes validation.
 */
export function surfaceTests(get: () => SuiteContext): void {
  describe('service declaration', () => {
    for (const c of cases) {
      const decl = tenantApi[c.service][c.method as never] as { args: readonly ArgDecl[] }
      const argDecl = decl.args[c.arg]
      it(`property: ${c.service}.${c.method}(${argDecl?.name}) refuses what its declared schema refuses`, async () => {
        if (!argDecl) throw new Error(`${c.service}.${c.method} declares no argument ${c.arg}`)
        const { raw } = get()
        const { t, tenantId } = get().tenant()
        const around = await c.around(t)
        const method = (t as unknown as Record<string, Record<string, AnyMethod>>)[c.service]?.[c.method]
        if (!method) throw new Error(`t.${c.service}.${c.method} is missing`)
        let refused = 0
        await fc.assert(
          fc.asyncProperty(argValues(c.keys), async (value) => {
            const args = [...around]
            args[c.arg] = value
            // Over HTTP the server validates what JSON made of the value (`wire`), not the value itself.
            const accepted = declaredAccepts(argDecl, get().wire(value))
            const before = accepted ? undefined : await snapshotTenant(raw, tenantId)
            const error = await outcome(() => method(...args))
            if (!accepted) {
              refused += 1
              expect(error, describeError(error)).toBeInstanceOf(ValidationError)
              expect(await snapshotTenant(raw, tenantId)).toEqual(before)
            } else if (c.exact) {
              expect(error, describeError(error)).not.toBeInstanceOf(ValidationError)
            }
          }),
          { numRuns: 40 },
        )
        // The generator must exercise refusals, or the property says nothing.
        expect(refused).toBeGreaterThan(0)
      })
    }
  })
}
