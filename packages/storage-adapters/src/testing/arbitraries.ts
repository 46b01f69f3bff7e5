/**
 * fast-check generators for the differential test: contact data with the awkward values a
 * real CRM holds (NULLs, empty strings, case variants, combining marks, astral characters,
 * LIKE metacharacters) and type-correct random filter trees over every contact field.
 */
import fc from 'fast-check'

/** String values shared by data and filters, so that comparisons often hit equality. */
export const STRINGS = [
  '',
  'a',
  'A',
  'ab',
  'aB',
  'b',
  'B',
  'é',
  'É',
  'e\u0301',
  'ß',
  'SS',
  '日本',
  '日',
  '😀',
  '\uFFFF',
  'a b',
  'a ',
  ' a',
  'a%',
  '_a',
  'z',
  "O'Brien",
  '\\x',
  'Ω',
] as const

const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingQualifiedLead',
  'salesQualifiedLead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const
/** Tags differing in case, script and LIKE metacharacters. */
export const TAGS = ['vip', 'VIP', 'beta', '日本', 'a%b', 'x_y'] as const
const PLANS = ['free', 'pro', 'Pro'] as const
const FEATURES = ['api', 'sso', 'audit', 'ß', '日本'] as const
/** Numbers with fractions, negatives and a large one. */
export const NUMBERS = [-3, -1.25, -1, 0, 0.5, 1, 2, 2.5, 3, 1_000_000] as const
/** Calendar dates around DIFF_NOW (leap day, month ends; some ahead, for withinNext/beyondNext). */
export const DATES = [
  '2024-02-29',
  '2025-12-31',
  '2026-01-01',
  '2026-02-14',
  '2026-02-27',
  '2026-02-28',
  '2026-03-01',
  '2026-03-02',
  '2026-03-31',
  '2026-05-30',
] as const
/** "Now" of every differential run; dates and timestamps are spread around it. */
export const DIFF_NOW = '2026-03-01T12:00:00.000Z'
const DAY = 86_400_000

/** Placeholders in filters, replaced by the run's company ids. */
export const COMPANY_TOKENS = ['$company0', '$company1', '$absent'] as const

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 })
/** One of {@link STRINGS}. */
export const str = fc.constantFrom(...STRINGS)

/** One contact as created through the public API, plus when and how it was written. */
export const contactArb = fc.record({
  emailLocal: fc.option(fc.constantFrom('a', 'B', 'ab', 'x.y', 'z'), { nil: null }),
  firstName: fc.option(str, { nil: null }),
  lastName: fc.option(str, { nil: null }),
  title: optional(fc.option(str, { nil: null })),
  ownerId: optional(fc.constantFrom('u1', 'u2', 'U1', 'u1 ')),
  lifecycleStage: optional(fc.constantFrom(...LIFECYCLE)),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  custom: fc.record(
    {
      note: str,
      score: fc.constantFrom(...NUMBERS),
      active: fc.boolean(),
      since: fc.constantFrom(...DATES),
      plan: fc.constantFrom(...PLANS),
      features: fc.uniqueArray(fc.constantFrom(...FEATURES), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  companies: fc.subarray([0, 1]),
  /** Minutes before DIFF_NOW at which the contact was created (up to 60 days). */
  ageMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
  /** Optionally a later update of lastName, minutes after creation. */
  update: optional(fc.record({ after: fc.integer({ min: 1, max: 60 * 24 }), lastName: fc.option(str, { nil: null }) })),
})

/** A generated contact. */
export type ContactSpec = typeof contactArb extends fc.Arbitrary<infer T> ? T : never

/** Instants spread around DIFF_NOW (60 days back to 1 day ahead). */
export const instant = fc
  .constantFrom(-61, -40, -30, -10, -1, 0, 1)
  .chain((days) =>
    fc.integer({ min: 0, max: DAY - 1 }).map((ms) => new Date(Date.parse(DIFF_NOW) + days * DAY - ms).toISOString()),
  )
/** Day counts for the relative date operators. */
export const days = fc.constantFrom(0, 1, 7, 10, 30, 45, 90)

/** A generated condition. */
export type Cond = { field: string; op: string; value?: unknown }

/** Conditions on a scalar field: comparisons, between, in/notIn, isSet/isNotSet (+ text ops). */
export function scalarOps(field: string, value: fc.Arbitrary<unknown>, text: boolean): fc.Arbitrary<Cond> {
  const ops = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte'] as const
  const arbs: Array<fc.Arbitrary<Cond>> = [
    fc.record({ field: fc.constant(field), op: fc.constantFrom(...ops), value }),
    fc.record({ field: fc.constant(field), op: fc.constant('between'), value: fc.tuple(value, value) }),
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom('in', 'notIn'),
      value: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('isSet', 'isNotSet') }),
  ]
  if (text)
    arbs.push(
      fc.record({ field: fc.constant(field), op: fc.constantFrom('contains', 'startsWith', 'endsWith'), value }),
      fc.record({
        field: fc.constant(field),
        op: fc.constantFrom('eqi', 'containsi', 'startsWithi', 'endsWithi'),
        value: caseVariant(value),
      }),
    )
  return fc.oneof(...arbs)
}

/**
 * A value as written, or upper- or lowercased by Unicode rules (É/é, ß/SS, Ω/ω): the
 * case-insensitive operators must match the ASCII variants only, on every adapter.
 */
export function caseVariant(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(value, fc.constantFrom('as-is', 'upper', 'lower')).map(([v, how]) => {
    if (typeof v !== 'string' || how === 'as-is') return v
    return how === 'upper' ? v.toUpperCase() : v.toLowerCase()
  })
}

/** Conditions on an array field (tags, multiselect, link ids). */
export function arrayOps(field: string, value: fc.Arbitrary<string>): fc.Arbitrary<Cond> {
  return fc.oneof(
    fc.record({ field: fc.constant(field), op: fc.constant('contains'), value }),
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom('in', 'notIn'),
      value: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ field: fc.constant(field), op: fc.constantFrom('isSet', 'isNotSet') }),
  )
}

/** Conditions on a timestamp or date field, relative dates included. */
export function timeOps(field: string, value: fc.Arbitrary<string>): fc.Arbitrary<Cond> {
  return fc.oneof(
    scalarOps(field, value, false),
    fc.record({
      field: fc.constant(field),
      op: fc.constantFrom('withinLast', 'olderThan', 'withinNext', 'beyondNext'),
      value: days.map((d) => ({ days: d })),
    }),
  )
}

const emailValue = fc.oneof(str, fc.constantFrom('a.0@x.io', 'b', '@x.io', 'x.y', 'z.1@x.io'))

/** A type-correct condition on a random contact field. */
export const conditionArb: fc.Arbitrary<Cond> = fc.oneof(
  scalarOps('email', emailValue, true),
  scalarOps('firstName', str, true),
  scalarOps('lastName', str, true),
  scalarOps('title', str, true),
  scalarOps('ownerId', fc.constantFrom('u1', 'u2', 'U1', 'u', 'u1 '), true),
  scalarOps('lifecycleStage', fc.constantFrom(...LIFECYCLE), true),
  scalarOps('custom.note', str, true),
  scalarOps('custom.plan', fc.constantFrom(...PLANS, 'p'), true),
  scalarOps('custom.score', fc.constantFrom(...NUMBERS), false),
  fc.record({ field: fc.constant('custom.active'), op: fc.constantFrom('eq', 'neq'), value: fc.boolean() }),
  fc.record({ field: fc.constant('custom.active'), op: fc.constantFrom('isSet', 'isNotSet') }),
  timeOps('createdAt', instant),
  timeOps('updatedAt', instant),
  timeOps('custom.since', fc.constantFrom(...DATES)),
  arrayOps('tags', fc.constantFrom(...TAGS, 'vi')),
  arrayOps('custom.features', fc.constantFrom(...FEATURES)),
  arrayOps('companyIds', fc.constantFrom(...COMPANY_TOKENS)),
)

/** Random filter trees over `condition`, at most 3 levels of all/any/not. */
export function treeOf(condition: fc.Arbitrary<Cond>): fc.Arbitrary<unknown> {
  return fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 3, withCrossShrink: true },
      condition,
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
      tie('node').map((not) => ({ not })),
    ),
  })).node
}

/** A random filter tree over contact fields. */
export const filterArb: fc.Arbitrary<unknown> = treeOf(conditionArb)

/** A random sort over sortable contact fields and sortable custom fields. */
export const sortArb = fc.record({
  field: fc.constantFrom(
    'id',
    'createdAt',
    'updatedAt',
    'email',
    'firstName',
    'lastName',
    'title',
    'lifecycleStage',
    'ownerId',
    'custom.note',
    'custom.plan',
    'custom.score',
    'custom.since',
    'custom.active',
  ),
  direction: fc.constantFrom('asc' as const, 'desc' as const),
})

/** Free-text searches: 1-3 words, in case variants, that often occur in names and emails. */
export const searchArb: fc.Arbitrary<string> = fc
  .array(caseVariant(fc.constantFrom(...STRINGS, 'a.', '@x', 'x.io', 'O', "'b")), { minLength: 1, maxLength: 3 })
  .map((words) => words.join(' '))

/** Replace `$token` placeholders in a filter tree with real ids. */
export function bindTokens(node: unknown, ids: Readonly<Record<string, string>>): unknown {
  if (typeof node === 'string') return ids[node] ?? node
  if (Array.isArray(node)) return node.map((n) => bindTokens(n, ids))
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, bindTokens(v, ids)]))
  }
  return node
}
