/**
 * fast-check generators for the differential tests of the SQL adapters: rows of `contacts`
 * and `deals` full of edge cases (NULLs, empty strings, astral and combining characters,
 * case variants, LIKE metacharacters, trailing spaces, negative and fractional numbers,
 * custom values of the wrong JSON type) and resolved filter trees over them.
 */

import type {
  FilterOperator,
  FilterScalar,
  FilterTarget,
  FilterValueType,
  ResolvedFilter,
  ResolvedOperator,
  StorageRow,
  StorageValue,
} from '@crmkit/core/storage'
import { operatorsByType } from '@crmkit/core/storage'
import fc from 'fast-check'

/**
 * Characters chosen to break naive SQL: case pairs, precomposed vs combining é, ß/İ (case
 * folding), astral characters (surrogate pairs in JS; they sort after U+E000..U+FFFF by code
 * point but before them in UTF-16), LIKE wildcards and escapes, quotes, a control character
 * and whitespace (PAD SPACE collations ignore trailing spaces). No U+0000: core rejects it.
 */
const ALPHABET = [
  'a',
  'A',
  'b',
  'B',
  'z',
  '0',
  '9',
  ' ',
  '\t',
  '-',
  '%',
  '_',
  '\\',
  '"',
  "'",
  '\u0001',
  'é',
  'e\u0301',
  'ß',
  'İ',
  '😀',
  '𝔘',
  '\uE000',
  '\uFFFF',
]

/**
 * Values that differ only where databases like to cut corners: trailing spaces and tabs
 * (PAD SPACE collations), case, normalisation, surrogate pairs vs U+E000..U+FFFF, wildcards.
 */
const POOL = [
  '',
  ' ',
  'a',
  'a ',
  'a  ',
  'a\t',
  'A',
  'ab',
  'aB',
  'b',
  'é',
  'e\u0301',
  'É',
  'ß',
  'ss',
  'SS',
  'İ',
  'i',
  'I',
  'Σ',
  'σ',
  'ẞ',
  'Ab',
  '😀',
  '😀a',
  '\uE000',
  '\uFFFF',
  '𝔘',
  '%',
  'a%',
  '_',
  'a_b',
  '\\',
  "'",
  '"',
  '\u0001',
  'z',
  'Z',
  '0',
  '9',
  '10',
]

/** Strings from {@link POOL} or short compositions over {@link ALPHABET}: values often collide, prefix and contain each other. */
export const trickyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...POOL), weight: 3 },
  { arbitrary: fc.array(fc.constantFrom(...ALPHABET), { maxLength: 4 }).map((parts) => parts.join('')), weight: 2 },
)

const TIMESTAMPS = [
  '2020-01-01T00:00:00.000Z',
  '2024-02-29T12:30:00.000Z',
  '2024-02-29T12:30:00.001Z',
  '2026-11-25T23:59:59.999Z',
  '1999-12-31T23:59:59.999Z',
]
const DATES = ['2020-01-01', '2024-02-29', '2024-03-01', '2026-11-25', '1999-12-31']

/** A canonical timestamp from a small pool (ties are frequent, as in real data). */
export const timestamp: fc.Arbitrary<string> = fc.constantFrom(...TIMESTAMPS)
/** A calendar date from a small pool. */
export const date: fc.Arbitrary<string> = fc.constantFrom(...DATES)

/** Finite doubles with the cases that trip SQL numeric handling. */
export const number: fc.Arbitrary<number> = fc
  .oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(-0.5, 2.5, 0.1 + 0.2, 0.3, 1e21, -1e-7, 123456.789, 2 ** 53 - 1, -(2 ** 53) + 1),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
  )
  .map((v) => (v === 0 ? 0 : v)) // JSON has no -0; core normalises it to 0

/** Safe integers (integer columns and their filter values). */
export const integer: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-(2 ** 53) + 1, 2 ** 53 - 1, 100_000),
  fc.integer(),
)

const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 4 })

/** A value of another JSON type than expected, or JSON null: must read as "not set". */
const wrongJson: fc.Arbitrary<StorageValue> = fc.oneof(
  fc.constant(null),
  fc.constant('3'),
  fc.constant(3),
  fc.constant(['x']),
  fc.constant({ a: 'x' }),
)
const jsonBool = fc.boolean() as unknown as fc.Arbitrary<StorageValue>

/** A custom-field value: absent (undefined), the right type, or something else. */
function customValue(right: fc.Arbitrary<StorageValue>): fc.Arbitrary<StorageValue | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: right, weight: 5 },
    { arbitrary: wrongJson, weight: 2 },
  )
}

/** Arrays as multiselect values: strings mostly, sometimes mixed with non-strings. */
const multiselect: fc.Arbitrary<StorageValue> = fc.oneof(
  { arbitrary: fc.array(trickyString, { maxLength: 3 }) as fc.Arbitrary<StorageValue>, weight: 5 },
  // Non-string elements never count, and 0 must not match the string '0'.
  { arbitrary: fc.constant([0, null]) as unknown as fc.Arbitrary<StorageValue>, weight: 1 },
  {
    arbitrary: fc.array(fc.oneof(trickyString, fc.constantFrom(0, 9)), {
      maxLength: 3,
    }) as unknown as fc.Arbitrary<StorageValue>,
    weight: 1,
  },
)

const custom: fc.Arbitrary<Record<string, StorageValue>> = fc
  .record({
    plan: customValue(trickyString),
    seats: customValue(number),
    vip: customValue(jsonBool),
    renewal: customValue(date),
    colors: customValue(multiselect),
  })
  .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<string, StorageValue>)

/** One generated row plus the ids linked to it (link fields are stored separately). */
export interface GeneratedRow {
  readonly row: StorageRow
  readonly links: readonly string[]
}

/** A pool of ids for the other side of a link table. */
export const LINK_IDS = [
  '0190a000-0000-7000-8000-00000000000a',
  '0190a000-0000-7000-8000-00000000000b',
  '0190a000-0000-7000-8000-00000000000c',
]

const base = (deleted: boolean | null) => ({
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: deleted === null ? fc.option(timestamp, { nil: null, freq: 6 }) : fc.constant(null),
})

/** Country codes as stored (at most 2 characters), with case and code-point edge cases. */
const country = fc.constantFrom('DE', 'FR', 'De', 'É', '')

/** Contacts (without id/tenant/version, filled in by {@link withIds}). */
export function contactRows(options: { deleted: boolean | null } = { deleted: null }): fc.Arbitrary<GeneratedRow[]> {
  const row = fc.record({
    ...base(options.deleted),
    email: nullable(trickyString),
    firstName: nullable(trickyString),
    lastName: nullable(trickyString),
    phone: nullable(trickyString),
    title: nullable(trickyString),
    lifecycleStage: trickyString,
    ownerId: nullable(trickyString),
    tags: fc.array(trickyString, { maxLength: 3 }),
    custom,
    country: nullable(country),
    region: nullable(trickyString),
    city: nullable(trickyString),
    postalCode: nullable(fc.constantFrom('10115', '', '75001')),
    timeZone: nullable(fc.constantFrom('Europe/Berlin', 'UTC')),
  })
  return fc
    .array(fc.record({ row, links: fc.subarray(LINK_IDS) }), { maxLength: 14 })
    .map((rows) => withIds(rows, true))
}

/** Deals (integer amount, nullable date and timestamp, contact links). */
export function dealRows(): fc.Arbitrary<GeneratedRow[]> {
  const row = fc.record({
    ...base(null),
    title: trickyString,
    pipelineId: fc.constant('0190a000-0000-7000-8000-0000000000f1'),
    stageId: fc.constantFrom('s1', 's2'),
    status: fc.constantFrom('open', 'won', 'lost'),
    amountValue: integer,
    amountCurrency: fc.constantFrom('EUR', 'USD'),
    expectedCloseDate: nullable(date),
    closedAt: nullable(timestamp),
    ownerId: nullable(trickyString),
    companyId: nullable(fc.constantFrom(...LINK_IDS)),
    lostReason: nullable(trickyString),
    tags: fc.array(trickyString, { maxLength: 3 }),
    custom,
  })
  return fc
    .array(fc.record({ row, links: fc.subarray(LINK_IDS) }), { maxLength: 14 })
    .map((rows) => withIds(rows, false))
}

/** Give rows ids (in shuffled order) and make emails unique among live rows, as core does. */
function withIds(
  rows: Array<{ row: Record<string, StorageValue>; links: string[] }>,
  uniqueEmail: boolean,
): GeneratedRow[] {
  const seen = new Set<string>()
  return rows.map(({ row, links }, i) => {
    const id = `0190a000-0000-7000-8000-${String((i * 7919) % 1000).padStart(12, '0')}`
    const out: Record<string, StorageValue> = { ...row, id, version: 1 }
    if (uniqueEmail && typeof out.email === 'string' && out.deletedAt === null) {
      if (seen.has(out.email)) out.email = `${out.email}#${i}`
      seen.add(out.email)
    }
    return { row: out, links }
  })
}

/** A filterable field of a table and how to generate values for it. */
export interface FieldSpec {
  readonly target: FilterTarget
  readonly value: fc.Arbitrary<FilterScalar>
}

const col = (column: string, type: FilterValueType, value: fc.Arbitrary<FilterScalar>): FieldSpec => ({
  target: { source: 'column', column, type },
  value,
})
const cus = (key: string, type: FilterValueType, value: fc.Arbitrary<FilterScalar>): FieldSpec => ({
  target: { source: 'custom', key, type },
  value,
})

const customFields: FieldSpec[] = [
  cus('plan', 'string', trickyString),
  cus('seats', 'number', number),
  cus('vip', 'boolean', fc.boolean()),
  cus('renewal', 'date', date),
  cus('colors', 'stringArray', trickyString),
  // A key no row has: everything about it is "not set".
  cus('missing', 'string', trickyString),
]

/** Filterable fields of contacts. */
export const contactFields: FieldSpec[] = [
  col('email', 'string', trickyString),
  col('firstName', 'string', trickyString),
  col('lastName', 'string', trickyString),
  col('lifecycleStage', 'string', trickyString),
  col('ownerId', 'string', trickyString),
  col('country', 'string', country),
  col('city', 'string', trickyString),
  col('createdAt', 'timestamp', timestamp),
  col('tags', 'stringArray', trickyString),
  { target: { source: 'link', field: 'companyIds', type: 'stringArray' }, value: fc.constantFrom(...LINK_IDS, 'nope') },
  ...customFields,
]

/** Filterable fields of deals. */
export const dealFields: FieldSpec[] = [
  col('title', 'string', trickyString),
  col('amountValue', 'number', integer),
  col('expectedCloseDate', 'date', date),
  col('closedAt', 'timestamp', timestamp),
  col('status', 'string', fc.constantFrom('open', 'won', 'lost', 'Open')),
  col('companyId', 'string', fc.constantFrom(...LINK_IDS)),
  col('tags', 'stringArray', trickyString),
  { target: { source: 'link', field: 'contactIds', type: 'stringArray' }, value: fc.constantFrom(...LINK_IDS, 'nope') },
  ...customFields,
]

function condition(field: FieldSpec): fc.Arbitrary<ResolvedFilter> {
  // Relative dates never reach an adapter: the resolver turns them into between/lt/gt.
  const relative: readonly FilterOperator[] = ['withinLast', 'olderThan', 'withinNext', 'beyondNext']
  const ops = operatorsByType[field.target.type].filter((op): op is ResolvedOperator => !relative.includes(op))
  return fc.constantFrom(...ops).chain((op): fc.Arbitrary<ResolvedFilter> => {
    const make = (value?: FilterScalar | readonly FilterScalar[]): ResolvedFilter =>
      value === undefined
        ? { kind: 'condition', target: field.target, op }
        : { kind: 'condition', target: field.target, op, value }
    switch (op) {
      case 'isSet':
      case 'isNotSet':
        return fc.constant(make())
      case 'between':
        return fc.tuple(field.value, field.value).map((pair) => make(pair))
      case 'in':
      case 'notIn':
        return fc.array(field.value, { minLength: 1, maxLength: 3 }).map((list) => make(list))
      case 'eqi':
      case 'containsi':
      case 'startsWithi':
      case 'endsWithi':
        return caseVariant(field.value).map((v) => make(v))
      default:
        return field.value.map((v) => make(v))
    }
  })
}

/**
 * A value as written, or upper- or lowercased by Unicode rules: case-insensitive operators
 * must then match ASCII case variants only, never É/é, ß/SS or İ/i (see core's foldCase).
 */
function caseVariant(value: fc.Arbitrary<FilterScalar>): fc.Arbitrary<FilterScalar> {
  return fc.tuple(value, fc.constantFrom('as-is', 'upper', 'lower')).map(([v, how]) => {
    if (typeof v !== 'string' || how === 'as-is') return v
    return how === 'upper' ? v.toUpperCase() : v.toLowerCase()
  })
}

/** Resolved filter trees over `fields`, up to depth 3, including empty `all`/`any`. */
export function filters(fields: readonly FieldSpec[]): fc.Arbitrary<ResolvedFilter> {
  const leaf = fc.constantFrom(...fields).chain(condition)
  const tree = fc.letrec<{ node: ResolvedFilter }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: leaf, weight: 4 },
      {
        arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((nodes): ResolvedFilter => ({ kind: 'all', nodes })),
        weight: 1,
      },
      {
        arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((nodes): ResolvedFilter => ({ kind: 'any', nodes })),
        weight: 1,
      },
      { arbitrary: tie('node').map((node): ResolvedFilter => ({ kind: 'not', node })), weight: 1 },
    ),
  }))
  return tree.node
}
