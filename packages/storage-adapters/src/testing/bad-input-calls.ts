/**
 * Calls for the bad-input corpus: awkward values (strings, numbers, dates, deep/wide JSON, prototype
 * keys, huge lists) substituted into valid baseline calls of every tenant method. Each call
 * must succeed or throw a `CrmError` with a readable (non-driver) message, and a call that
 * throws must leave the tenant's raw rows exactly as they were.
 *
 * The same generated call descriptions run on every adapter (`__tests__/bad-input-kinds.test.ts`
 * compares the outcome kinds across adapters), so a description names a method, a position and
 * a field, never an adapter-specific id: ids are resolved against each tenant's own baseline.
 */
import { CrmError } from '@crmkit/core'
import fc from 'fast-check'
import type { Tenant } from './context.js'

/** Nested `depth` levels deep: `{ a: { a: ... } }`. */
function deep(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

/** One object with `width` keys. */
function wide(width: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: width }, (_, i) => [`k${i}`, i]))
}

/** Every corpus value with a label (the label, not the value, appears in failure messages). */
export const BAD_INPUTS: ReadonlyArray<readonly [label: string, value: unknown]> = [
  // strings
  ['empty string', ''],
  ['huge string (70k, beyond a MySQL TEXT)', 'x'.repeat(70_000)],
  ['NUL inside', 'a\u0000b'],
  ['lone high surrogate', 'a\uD800b'],
  ['lone low surrogate', '\uDC00'],
  ['RTL override + Hebrew', '\u202Eשלום\u202C'],
  ['stacked combining marks', `e${'\u0301'.repeat(50)}`],
  ['SQL quote injection', "x'); drop table contacts; --"],
  ['LIKE metacharacters', '%_\\%'],
  ['backslash only', '\\'],
  ['whitespace only', ' \t\n '],
  ['prototype name as string', '__proto__'],
  // numbers
  ['NaN', Number.NaN],
  ['+Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
  ['2^53+1', 2 ** 53 + 1],
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['smallest subnormal', 5e-324],
  ['bigint', 10n],
  // dates
  ['year 0000', '0000-01-01T00:00:00.000Z'],
  ['year 9999 end', '9999-12-31T23:59:59.999Z'],
  ['beyond Date range', '+275760-09-13T00:00:00.001Z'],
  ['negative year', '-000001-01-01T00:00:00.000Z'],
  ['Feb 30', '2026-02-30T00:00:00.000Z'],
  ['max Date', new Date(8.64e15)],
  ['min Date', new Date(-8.64e15)],
  ['invalid Date', new Date(Number.NaN)],
  // JSON shapes
  ['deep JSON (400 levels)', deep(400)],
  ['wide JSON (5000 keys)', wide(5000)],
  ['__proto__ own key', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['constructor.prototype', { constructor: { prototype: { polluted: true } } }],
  ['huge list (10k)', Array.from({ length: 10_000 }, (_, i) => `v${i}`)],
  ['empty list', []],
  ['empty object', {}],
  // other types
  ['undefined', undefined],
  ['null', null],
  ['true', true],
  ['function', () => 1],
]

/** The records a tenant gets before the corpus runs; baselines refer to them. */
export interface BaselineIds {
  readonly contact: string
  readonly contact2: string
  readonly company: string
  readonly company2: string
  readonly pipeline: string
  readonly stages: readonly string[]
  readonly pipeline2: string
  readonly pipeline2Stage: string
  readonly deal: string
  readonly deal2: string
  readonly activity: string
  readonly activity2: string
  readonly task: string
  readonly task2: string
  readonly field: string
  readonly field2: string
  readonly segment: string
  readonly staticSegment: string
  readonly spareSegment: string
}

/** Creates the baseline records in `t` (all through the public API). */
export async function seedBaseline(t: Tenant): Promise<BaselineIds> {
  const field = await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'text' })
  const field2 = await t.customFields.define({ entity: 'deal', key: 'tier', label: 'Tier', type: 'number' })
  const company = await t.companies.create({ name: 'Acme', domain: 'acme.io' })
  const company2 = await t.companies.create({ name: 'Beta' })
  const contact = await t.contacts.create({ email: 'ada@acme.io', firstName: 'Ada', companyIds: [company.id] })
  const contact2 = await t.contacts.create({ email: 'bea@acme.io', firstName: 'Bea' })
  const pipeline = await t.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Won', probability: 1, kind: 'won' },
    ],
  })
  const pipeline2 = await t.pipelines.create({
    name: 'Spare',
    currency: 'EUR',
    stages: [
      { name: 'A', probability: 0.1 },
      { name: 'B', probability: 0.2 },
    ],
  })
  const amount = { value: 100, currency: 'EUR' }
  const deal = await t.deals.create({ title: 'Big', pipelineId: pipeline.id, amount, contactIds: [contact.id] })
  const deal2 = await t.deals.create({ title: 'Small', pipelineId: pipeline.id, amount })
  const activity = await t.activities.log({ type: 'note', subject: 'Hi', contactId: contact.id })
  const activity2 = await t.activities.log({ type: 'call', subject: 'Call', contactId: contact.id })
  const task = await t.tasks.create({ title: 'Call back', assignee: 'u1', contactId: contact.id })
  const task2 = await t.tasks.create({ title: 'Other' })
  const segment = await t.segments.create({ name: 'Adas', where: { field: 'firstName', op: 'eq', value: 'Ada' } })
  const staticSegment = await t.segments.create({ name: 'List', kind: 'static' })
  const spareSegment = await t.segments.create({ name: 'Spare', kind: 'static' })
  return {
    contact: contact.id,
    contact2: contact2.id,
    company: company.id,
    company2: company2.id,
    pipeline: pipeline.id,
    stages: pipeline.stages.map((s) => s.id),
    pipeline2: pipeline2.id,
    pipeline2Stage: pipeline2.stages[1]!.id,
    deal: deal.id,
    deal2: deal2.id,
    activity: activity.id,
    activity2: activity2.id,
    task: task.id,
    task2: task2.id,
    field: field.id,
    field2: field2.id,
    segment: segment.id,
    staticSegment: staticSegment.id,
    spareSegment: spareSegment.id,
  }
}

const at = '2026-02-01T10:00:00.000Z'

/**
 * A valid argument list for every tenant method (`service.method`), built from the tenant's
 * baseline ids. Optional trailing arguments (write options) are present as objects so that
 * their fields get substituted too.
 */
export function baselineCalls(ids: BaselineIds): Record<string, readonly unknown[]> {
  const byContact = { where: { field: 'firstName', op: 'eq', value: 'Ada' }, limit: 10 }
  return {
    'contacts.create': [{ email: 'new@x.io', firstName: 'New', tags: ['vip'], custom: { plan: 'pro' } }],
    'contacts.get': [ids.contact],
    'contacts.update': [ids.contact, { firstName: 'Ada', title: 'CTO' }, {}],
    'contacts.delete': [ids.contact2, {}],
    'contacts.restore': [ids.contact2, {}],
    'contacts.list': [byContact],
    'contacts.count': [{ where: byContact.where }],
    'contacts.explain': [{ all: [byContact.where, { related: 'activities', within: { lastDays: 30 } }] }, ids.contact],
    'contacts.updateMany': [{ where: { field: 'id', op: 'eq', value: ids.contact }, set: { title: 'VP' } }, {}],
    'contacts.importMany': [[{ email: 'imp@x.io', firstName: 'Imp' }], { batchSize: 10 }],
    'contacts.linkCompany': [ids.contact, ids.company2],
    'contacts.unlinkCompany': [ids.contact, ids.company2],
    'companies.create': [{ name: 'Gamma', domain: 'gamma.io', size: 10, tags: ['b2b'] }],
    'companies.get': [ids.company],
    'companies.update': [ids.company, { name: 'Acme Inc', industry: 'Tools' }, {}],
    'companies.delete': [ids.company2, {}],
    'companies.restore': [ids.company2, {}],
    'companies.list': [{ where: { field: 'name', op: 'startsWith', value: 'Ac' }, limit: 5 }],
    'companies.count': [{ where: { field: 'name', op: 'eq', value: 'Acme' } }],
    'companies.updateMany': [{ where: { field: 'id', op: 'eq', value: ids.company }, set: { size: 5 } }, {}],
    'pipelines.create': [{ name: 'New', currency: 'EUR', stages: [{ name: 'S', probability: 0.5 }] }],
    'pipelines.get': [ids.pipeline],
    'pipelines.list': [{ limit: 5 }],
    'pipelines.count': [{}],
    'pipelines.update': [ids.pipeline, { name: 'Sales 2' }, {}],
    'pipelines.addStage': [ids.pipeline2, { name: 'C', probability: 0.3 }, { position: 0 }],
    'pipelines.updateStage': [ids.pipeline, ids.stages[0], { name: 'Lead 2' }, {}],
    'pipelines.reorderStages': [ids.pipeline, [...ids.stages], {}],
    'pipelines.removeStage': [ids.pipeline2, ids.pipeline2Stage, {}],
    'pipelines.archive': [ids.pipeline2, {}],
    'pipelines.unarchive': [ids.pipeline2, {}],
    'deals.create': [
      { title: 'D', pipelineId: ids.pipeline, amount: { value: 5, currency: 'EUR' }, contactIds: [ids.contact] },
    ],
    'deals.get': [ids.deal],
    'deals.update': [ids.deal, { title: 'Bigger', amount: { value: 200, currency: 'EUR' } }, {}],
    'deals.delete': [ids.deal2, {}],
    'deals.restore': [ids.deal2, {}],
    'deals.list': [{ where: { field: 'title', op: 'containsi', value: 'big' }, limit: 5 }],
    'deals.count': [{ where: { field: 'pipelineId', op: 'eq', value: ids.pipeline } }],
    'deals.updateMany': [{ where: { field: 'id', op: 'eq', value: ids.deal }, set: { title: 'Big' } }, {}],
    'deals.moveToStage': [ids.deal, ids.stages[1], {}],
    'deals.history': [ids.deal],
    'activities.log': [{ type: 'note', subject: 'S', contactId: ids.contact, occurredAt: at, metadata: { a: 1 } }],
    'activities.get': [ids.activity],
    'activities.timeline': [{ contactId: ids.contact, from: '2026-01-01T00:00:00Z', limit: 5 }],
    'activities.count': [{ contactId: ids.contact }],
    'activities.update': [ids.activity, { subject: 'Hello' }, {}],
    'activities.delete': [ids.activity2, {}],
    'activities.restore': [ids.activity2, {}],
    'tasks.create': [{ title: 'T', assignee: 'u2', dueAt: at, contactId: ids.contact }],
    'tasks.get': [ids.task],
    'tasks.update': [ids.task, { title: 'T2', notes: 'n' }, {}],
    'tasks.complete': [ids.task, {}],
    'tasks.reopen': [ids.task, {}],
    'tasks.delete': [ids.task2, {}],
    'tasks.restore': [ids.task2, {}],
    'tasks.list': [{ where: { field: 'assignee', op: 'eq', value: 'u1' }, limit: 5 }],
    'tasks.count': [{}],
    'customFields.define': [{ entity: 'company', key: 'region', label: 'Region', type: 'text' }],
    'customFields.list': [{ limit: 5 }],
    'customFields.count': [{}],
    'customFields.update': [ids.field, { label: 'Plan name' }, {}],
    'customFields.delete': [ids.field2],
    'events.list': [{ limit: 5 }],
    'attribution.track': [
      { channel: 'email', campaign: 'spring', source: 'news', contactId: ids.contact, occurredAt: at },
      { idempotencyKey: 'tp-1' },
    ],
    'attribution.trackMany': [[{ channel: 'ads', contactId: ids.contact, occurredAt: at }]],
    'attribution.identify': ['cookie-1', ids.contact],
    'attribution.recordConversion': [
      { type: 'purchase', value: 10, currency: 'EUR', contactId: ids.contact, occurredAt: at },
      { idempotencyKey: 'order-1' },
    ],
    'attribution.report': [{ model: 'first', from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }],
    'insights.cube': [{ entity: 'deals', dimensions: ['stageId'], measures: [{ fn: 'count', as: 'deals' }] }],
    'insights.transitions': [{ pipelineId: ids.pipeline, limit: 5 }],
    // Returns an AsyncIterable, not a promise: `invoke` drains it so that lazy errors surface too.
    'insights.allTransitions': [{ pipelineId: ids.pipeline }],
    'segments.create': [{ name: 'New', kind: 'dynamic', where: { inSegment: ids.segment }, description: 'd' }],
    'segments.get': [ids.segment],
    'segments.list': [{ limit: 5 }],
    'segments.update': [ids.segment, { name: 'Renamed', where: byContact.where }, {}],
    'segments.delete': [ids.spareSegment, {}],
    'segments.addContacts': [ids.staticSegment, [ids.contact]],
    'segments.removeContacts': [ids.staticSegment, { where: byContact.where }],
    'segments.members': [ids.segment, byContact],
    'segments.count': [ids.segment],
    'segments.contains': [ids.segment, ids.contact],
    'segments.explain': [ids.segment, ids.contact],
    'segments.refresh': [ids.segment],
  }
}

/**
 * Every `service.method` of a tenant, found by reflection (not from a hand-kept list), so a
 * method added later without a baseline fails the coverage test instead of being skipped.
 * Non-service members are left out on purpose: `tenantId` and `actor` are strings, and
 * `clock` is the CRM's injected clock function, not a tenant operation.
 */
export function tenantMethods(t: Tenant): string[] {
  const names: string[] = []
  for (const [service, value] of Object.entries(t)) {
    if (value === null || typeof value !== 'object') continue
    for (const [method, fn] of Object.entries(value)) if (typeof fn === 'function') names.push(`${service}.${method}`)
  }
  return names.sort()
}

/** One generated call: which method, and what to put where (indices into {@link BAD_INPUTS}). */
export interface CorpusCall {
  readonly method: string
  readonly position: number
  /** A field of the baseline object at `position` (or a new key); `undefined` replaces the whole argument. */
  readonly field: string | undefined
  readonly input: number
}

/** Fields to substitute at an argument position: the baseline's own keys plus prototype keys. */
function fieldsAt(arg: unknown): string[] {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return []
  return [...Object.keys(arg), '__proto__', 'constructor']
}

/** Generates {@link CorpusCall}s over the given baselines. */
export function corpusCallArb(baselines: Record<string, readonly unknown[]>): fc.Arbitrary<CorpusCall> {
  const methods = Object.keys(baselines).sort()
  const input = fc.integer({ min: 0, max: BAD_INPUTS.length - 1 })
  return fc.constantFrom(...methods).chain((method) => {
    const args = baselines[method]!
    // One past the last position: a corpus value as an extra argument.
    return fc.integer({ min: 0, max: args.length }).chain((position) => {
      const fields = fieldsAt(args[position])
      const field =
        fields.length === 0
          ? fc.constant(undefined)
          : fc.option(fc.constantFrom(...fields), { nil: undefined, freq: 4 })
      return fc.record({ method: fc.constant(method), position: fc.constant(position), field, input })
    })
  })
}

/** The argument list of `call` against a tenant's baselines. */
export function argumentsOf(call: CorpusCall, baselines: Record<string, readonly unknown[]>): unknown[] {
  const args = [...baselines[call.method]!]
  const value = BAD_INPUTS[call.input]![1]
  if (call.field === undefined) {
    args[call.position] = value
  } else {
    const copy = { ...(args[call.position] as Record<string, unknown>) }
    // defineProperty: a plain assignment to `__proto__` would change the prototype, not add a key.
    Object.defineProperty(copy, call.field, { value, enumerable: true, writable: true, configurable: true })
    args[call.position] = copy
  }
  return args
}

/** A readable description of a call (labels, not values: a 70k string must not flood the log). */
export function describeCall(call: CorpusCall): string {
  const where = call.field === undefined ? `argument ${call.position}` : `argument ${call.position}.${call.field}`
  return `${call.method}: ${where} := ${BAD_INPUTS[call.input]![0]}`
}

/** How a call ended: `ok`, `Name(CODE)` for a CrmError, or `foreign Name` for anything else. */
export interface Outcome {
  readonly kind: string
  readonly error?: unknown
}

/** Invokes `service.method` on `t` with `args`, draining an async iterable result. */
export async function invoke(t: Tenant, method: string, args: readonly unknown[]): Promise<Outcome> {
  const [service, name] = method.split('.') as [string, string]
  const target = (t as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[service]!
  try {
    const result = target[name]!(...args)
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
      for await (const _ of result as AsyncIterable<unknown>);
    } else await result
    return { kind: 'ok' }
  } catch (error) {
    if (error instanceof CrmError) return { kind: `${error.name}(${error.code})`, error }
    return { kind: `foreign ${error instanceof Error ? error.name : typeof error}`, error }
  }
}

/** Driver vocabulary that must never reach a caller's error message. */
const DRIVER_TEXT =
  /SQLITE_|syntax error|\bER_|violates|22P05|22021|invalid byte sequence|Incorrect string value|Data too long|Out of range value|out of range for type|duplicate key|unsupported Unicode escape|better-sqlite3|kysely|relation "|at character \d/i

/** Why an outcome breaks the contract, or `undefined` when it keeps it. */
export function contractBreach(outcome: Outcome): string | undefined {
  if (outcome.kind === 'ok') return undefined
  const error = outcome.error
  if (!(error instanceof CrmError))
    return `threw a non-CrmError: ${String(error instanceof Error ? error.stack : error)}`
  if (error.message.trim() === '') return `${outcome.kind} with an empty message`
  // A storage failure means the input reached a driver unchecked: bad input must be classified first.
  if (error.code === 'STORAGE') return `StorageError for bad input: ${error.message.slice(0, 300)}`
  if (DRIVER_TEXT.test(error.message)) return `${outcome.kind} leaks a driver message: ${error.message.slice(0, 300)}`
  return undefined
}
