/**
 * Random timelines and random related conditions for the related-condition differential test:
 * a few contacts with companies, deals, activities, touchpoints and conversions whose times sit
 * on and around window boundaries, some deleted, some pointing at no contact; and resolved
 * related conditions (counts, sums, min/max/avg, first/last, windows) nested in all/any/not.
 */
import type {
  ComparisonOperator,
  FilterTarget,
  ResolvedFilter,
  ResolvedRelated,
  StorageRow,
  TableName,
} from '@crmkit/core/storage'
import fc from 'fast-check'
import { company, contact, deal } from './fixtures.js'

/** "Now" of the generated conditions; windows end or start exactly here. */
export const REL_NOW = '2026-03-01T12:00:00.000Z'
const NOW_MS = Date.parse(REL_NOW)
const DAY = 86_400_000
const WINDOW_DAYS = [0, 1, 7, 14] as const

/** Times on, just inside and just outside the windows' edges. */
const instant = fc
  .tuple(fc.constantFrom(0, 1, 7, 14, 20), fc.constantFrom(-1, 0, 1), fc.constantFrom(-1, 1))
  .map(([days, nudge, side]) => new Date(NOW_MS + side * days * DAY + nudge).toISOString())

const CONTACTS = 5
const contactIds = Array.from(
  { length: CONTACTS },
  (_, i) => `0190c000-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
)
const companyIds = ['0190c001-0000-7000-8000-000000000001', '0190c001-0000-7000-8000-000000000002']
const dealIds = Array.from({ length: 4 }, (_, i) => `0190c002-0000-7000-8000-${String(i + 1).padStart(12, '0')}`)
/** A contact index, or a contact of no one (a dangling id) / none. */
const owner = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: CONTACTS - 1 }).map((i) => contactIds[i] ?? null) },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(null, '0190c0ff-0000-7000-8000-000000000001') },
)
const deletedAt = fc.constantFrom<string | null>(null, null, null, '2026-02-01T00:00:00.000Z')

/** One generated timeline, in storage form, with its links. */
export interface Timeline {
  readonly rows: Partial<Record<TableName, StorageRow[]>>
  readonly contactCompanies: ReadonlyArray<readonly [string, string]>
  readonly dealContacts: ReadonlyArray<readonly [string, string]>
}

let seq = 0
const rowId = () => `0190c100-0000-7000-8000-${String(++seq).padStart(12, '0')}`

const activity = fc
  .record({ type: fc.constantFrom('pageView', 'email'), occurredAt: instant, contactId: owner, deletedAt })
  .map(
    (a): StorageRow => ({
      id: rowId(),
      createdAt: a.occurredAt,
      updatedAt: a.occurredAt,
      version: 1,
      deletedAt: a.deletedAt,
      type: a.type,
      channel: null,
      subject: null,
      body: null,
      occurredAt: a.occurredAt,
      contactId: a.contactId,
      companyId: null,
      dealId: null,
      actor: 'x',
      metadata: {},
    }),
  )

const conversion = fc
  .record({
    type: fc.constantFrom('purchase', 'signup'),
    value: fc.constantFrom(0, 500, 1000, 2500),
    currency: fc.constantFrom('EUR', 'EUR', 'USD'),
    occurredAt: instant,
    contactId: fc.integer({ min: 0, max: CONTACTS - 1 }).map((i) => contactIds[i] ?? ''),
  })
  .map(
    (c): StorageRow => ({
      id: rowId(),
      createdAt: c.occurredAt,
      type: c.type,
      amountValue: c.value,
      amountCurrency: c.currency,
      occurredAt: c.occurredAt,
      occurredMs: Date.parse(c.occurredAt),
      contactId: c.contactId,
      dealId: null,
      idempotencyKey: null,
    }),
  )

const touchpoint = fc.record({ channel: fc.constantFrom('ads', 'email'), occurredAt: instant, contactId: owner }).map(
  (t): StorageRow => ({
    id: rowId(),
    createdAt: t.occurredAt,
    updatedAt: t.occurredAt,
    version: 1,
    channel: t.channel,
    source: null,
    medium: null,
    campaign: null,
    content: null,
    term: null,
    occurredAt: t.occurredAt,
    occurredMs: Date.parse(t.occurredAt),
    contactId: t.contactId,
    anonymousId: t.contactId === null ? 'anon' : null,
    idempotencyKey: null,
  }),
)

/** A custom number that is sometimes missing or of the wrong JSON type (reads as NULL). */
const score = fc.constantFrom<unknown>(undefined, 1, 2.5, 10, '7', null)

/** Random timelines. */
export const timelines: fc.Arbitrary<Timeline> = fc
  .record({
    contactsDeleted: fc.array(fc.boolean(), { minLength: CONTACTS, maxLength: CONTACTS }),
    companies: fc.array(
      fc.record({
        industry: fc.constantFrom('software', 'retail', null),
        size: fc.constantFrom(10, 500, null),
        deletedAt,
      }),
      { minLength: companyIds.length, maxLength: companyIds.length },
    ),
    deals: fc.array(
      fc.record({
        value: fc.constantFrom(0, 1000, 5000),
        currency: fc.constantFrom('EUR', 'USD'),
        status: fc.constantFrom('open', 'won'),
        score,
        createdAt: instant,
        deletedAt,
        contacts: fc.subarray([0, 1, 2, 3, 4]),
      }),
      { minLength: dealIds.length, maxLength: dealIds.length },
    ),
    links: fc.subarray(contactIds.flatMap((c) => companyIds.map((k) => [c, k] as const))),
    activities: fc.array(activity, { maxLength: 14 }),
    conversions: fc.array(conversion, { maxLength: 8 }),
    touchpoints: fc.array(touchpoint, { maxLength: 6 }),
  })
  .map((g) => ({
    rows: {
      contacts: contactIds.map((id, i) =>
        contact({ id, deletedAt: g.contactsDeleted[i] && i === 4 ? '2026-02-01T00:00:00.000Z' : null }),
      ),
      companies: companyIds.map((id, i) => company({ id, ...g.companies[i] })),
      deals: dealIds.map((id, i) => {
        const d = g.deals[i]
        return deal({
          id,
          amountValue: d?.value ?? 0,
          amountCurrency: d?.currency ?? 'EUR',
          status: d?.status ?? 'open',
          createdAt: d?.createdAt,
          updatedAt: d?.createdAt,
          deletedAt: d?.deletedAt ?? null,
          custom: d?.score === undefined ? {} : { score: d.score },
        })
      }),
      activities: g.activities,
      conversions: g.conversions,
      touchpoints: g.touchpoints,
    },
    contactCompanies: g.links,
    dealContacts: g.deals.flatMap((d, i) => d.contacts.map((c) => [dealIds[i] ?? '', contactIds[c] ?? ''] as const)),
  }))

const col = (column: string, type: FilterTarget['type']): FilterTarget =>
  ({ source: 'column', column, type }) as FilterTarget
const cond = (target: FilterTarget, op: string, value?: unknown): ResolvedFilter =>
  ({ kind: 'condition', target, op, ...(value === undefined ? {} : { value }) }) as ResolvedFilter
const TRUE: ResolvedFilter = { kind: 'all', nodes: [] }

/** A window on `field` as a resolved condition (what `within: { lastDays }` etc. resolve to). */
const windowOn = (field: string): fc.Arbitrary<ResolvedFilter | undefined> =>
  fc.oneof(
    fc.constant(undefined),
    fc
      .constantFrom(...WINDOW_DAYS)
      .map((d) => cond(col(field, 'timestamp'), 'between', [new Date(NOW_MS - d * DAY).toISOString(), REL_NOW])),
    fc
      .constantFrom(...WINDOW_DAYS)
      .map((d) => cond(col(field, 'timestamp'), 'between', [REL_NOW, new Date(NOW_MS + d * DAY).toISOString()])),
  )

const and = (a: ResolvedFilter, b: ResolvedFilter | undefined): ResolvedFilter =>
  b === undefined ? a : { kind: 'all', nodes: [a, b] }

const countCmp = fc.oneof(
  fc.record({
    op: fc.constantFrom<ComparisonOperator>('eq', 'neq', 'lt', 'lte', 'gt', 'gte'),
    value: fc.integer({ min: 0, max: 3 }),
  }),
  fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }))
    .map(([lo, d]) => ({ op: 'between' as const, value: [lo, lo + d] as const })),
)
const numberCmp = fc.oneof(
  fc.record({
    op: fc.constantFrom<ComparisonOperator>('eq', 'neq', 'lt', 'lte', 'gt', 'gte'),
    value: fc.constantFrom(0, 500, 1000, 1500, 2.5, 5000, 6000),
  }),
  fc.constant({ op: 'between' as const, value: [500, 2500] as const }),
)

interface RelationCase {
  readonly relation: string
  readonly table: TableName
  readonly time: string
  readonly wheres: readonly ResolvedFilter[]
  /** Numeric targets to aggregate, with the currency filter they need (money). */
  readonly numbers: ReadonlyArray<{ target: FilterTarget; currency?: string }>
}

const relationCases: readonly RelationCase[] = [
  {
    relation: 'activities',
    table: 'activities',
    time: 'occurredAt',
    wheres: [TRUE, cond(col('type', 'string'), 'eq', 'pageView'), cond(col('type', 'string'), 'neq', 'pageView')],
    numbers: [],
  },
  {
    relation: 'conversions',
    table: 'conversions',
    time: 'occurredAt',
    wheres: [TRUE, cond(col('type', 'string'), 'eq', 'purchase')],
    numbers: [{ target: col('amountValue', 'number'), currency: 'EUR' }],
  },
  {
    relation: 'touchpoints',
    table: 'touchpoints',
    time: 'occurredAt',
    wheres: [TRUE, cond(col('channel', 'string'), 'eq', 'ads')],
    numbers: [],
  },
  {
    relation: 'deals',
    table: 'deals',
    time: 'createdAt',
    wheres: [TRUE, cond(col('status', 'string'), 'eq', 'won')],
    numbers: [
      { target: col('amountValue', 'number'), currency: 'EUR' },
      { target: { source: 'custom', key: 'score', type: 'number' } },
    ],
  },
  {
    relation: 'companies',
    table: 'companies',
    time: 'createdAt',
    wheres: [
      TRUE,
      cond(col('industry', 'string'), 'eq', 'software'),
      cond(col('industry', 'string'), 'neq', 'software'),
      cond(col('size', 'number'), 'gte', 100),
    ],
    numbers: [{ target: col('size', 'number') }],
  },
]

/** A random related condition on contacts. */
export const relatedCondition: fc.Arbitrary<ResolvedRelated> = fc.constantFrom(...relationCases).chain((rc) => {
  const base = { kind: 'related' as const, owner: 'contacts' as const, relation: rc.relation, table: rc.table }
  const where = fc.constantFrom(...rc.wheres)
  const counted = fc
    .tuple(where, windowOn(rc.time), countCmp)
    .map(([w, win, c]): ResolvedRelated => ({ ...base, where: and(w, win), measure: { fn: 'count' }, ...c }))
  const firstLast = fc
    .tuple(where, fc.constantFrom<'min' | 'max'>('min', 'max'), windowOn(rc.time))
    .map(([w, fn, win]): ResolvedRelated => {
      const span =
        win ?? cond(col(rc.time, 'timestamp'), 'between', [new Date(NOW_MS - 7 * DAY).toISOString(), REL_NOW])
      const [lo, hi] = (span as { value: readonly [string, string] }).value
      return {
        ...base,
        where: w,
        measure: { fn, target: col(rc.time, 'timestamp') as Exclude<FilterTarget, { source: 'link' }> },
        op: 'between',
        value: [lo, hi],
      } as ResolvedRelated
    })
  if (rc.numbers.length === 0) return fc.oneof(counted, firstLast)
  const aggregated = fc
    .tuple(
      where,
      windowOn(rc.time),
      fc.constantFrom(...rc.numbers),
      fc.constantFrom('sum', 'min', 'max', 'avg'),
      numberCmp,
    )
    .map(
      ([w, win, n, fn, c]) =>
        ({
          ...base,
          where: and(
            and(w, win),
            n.currency === undefined ? undefined : cond(col('amountCurrency', 'string'), 'eq', n.currency),
          ),
          measure: { fn, target: n.target, ...(n.currency ? { currency: n.currency } : {}) },
          ...c,
        }) as ResolvedRelated,
    )
  return fc.oneof(counted, firstLast, aggregated)
})

/** Related conditions nested in all/any/not, mixed with plain contact conditions. */
export const relatedFilter: fc.Arbitrary<ResolvedFilter> = fc.letrec<{ node: ResolvedFilter }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: relatedCondition },
    { weight: 1, arbitrary: fc.constant(cond(col('lifecycleStage', 'string'), 'eq', 'lead')) },
    {
      weight: 1,
      arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((nodes): ResolvedFilter => ({ kind: 'all', nodes })),
    },
    {
      weight: 1,
      arbitrary: fc.array(tie('node'), { maxLength: 3 }).map((nodes): ResolvedFilter => ({ kind: 'any', nodes })),
    },
    { weight: 1, arbitrary: tie('node').map((node): ResolvedFilter => ({ kind: 'not', node })) },
  ),
})).node
