/**
 * The `attribution` port extension in SQL: the journeys of `AttributionPushdown.journeyData`
 * (definition in core's `storage/extensions/attribution.ts`) are built by the database and only aggregates
 * come back, so a large touchpoint table never travels to JavaScript.
 *
 * - Totals: one GROUP BY over the window's conversions (currency × has-a-touch), with an
 *   EXISTS probe on the `(tenant_id, contact_id, occurred_ms)` index.
 * - `paths`: converting journeys join conversions to their contact's touches within the
 *   lookback (integer `occurred_ms` arithmetic, identical in every dialect), and are
 *   aggregated per conversion with an ordered string aggregation (`group_concat` /
 *   `string_agg` / `GROUP_CONCAT ... ORDER BY`, keys joined by U+001F); non-converting
 *   journeys use a `max() over (partition by contact)` window to keep the lookback before
 *   each contact's last touch. Both are then grouped by path (UNION ALL + GROUP BY: MySQL
 *   has no FULL JOIN).
 * - `credits`: per-touch weights from window functions (`row_number`, `count`, `max` over
 *   the journey), normalised by `sum() over (partition by journey)`, summed per key.
 * - `journeys`: the converting journeys' (key, time) pairs and their lead/opportunity
 *   instants, for models only JavaScript evaluates (milestone models, custom weight
 *   functions); no other touch leaves the database.
 */
import type {
  AttributionData,
  AttributionDataQuery,
  AttributionJourneyRow,
  AttributionPathRow,
} from '@crmkit/core/storage'
import { compareCodePoints, PATH_SEPARATOR, sortPathRows } from '@crmkit/core/storage'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Fragment, SqlDb, SqlDialect } from './dialect.js'
import { sqlTableName } from './names.js'

const TOUCHES = sql.table(sqlTableName('touchpoints'))
const CONVERSIONS = sql.table(sqlTableName('conversions'))
const CONTACTS = sql.table(sqlTableName('contacts'))
const DEALS = sql.table(sqlTableName('deals'))
const DEAL_CONTACTS = sql.table(sqlTableName('dealContacts'))
const NO_KEY = '(none)'

type Raw = Record<string, unknown>
const num = (v: unknown): number => (typeof v === 'number' ? v : v === null || v === undefined ? 0 : Number(v))

/** `t.<groupBy>`, NULL as `(none)`; groupBy is one of three fixed names (validated by core). */
function keyOf(alias: string, groupBy: AttributionDataQuery['groupBy']): Fragment {
  const column = { channel: 'channel', campaign: 'campaign', source: 'source' }[groupBy]
  if (column === undefined) throw new TypeError(`cannot group attribution by ${String(groupBy)}`)
  return sql`coalesce(${sql.ref(`${alias}.${column}`)}, ${NO_KEY})`
}

/** The CTEs `cv` (conversions in the window) and `jt` (touches of their journeys). */
function journeyCtes(tenantId: string, q: AttributionDataQuery): Fragment {
  const currency = q.currency === undefined ? sql`` : sql` and c.amount_currency = ${q.currency}`
  return sql`cv as (
      select c.id as cid, c.contact_id as contact_id, c.deal_id as deal_id, c.occurred_at as cat,
        c.occurred_ms as cms, c.amount_value as value
      from ${CONVERSIONS} c
      where c.tenant_id = ${tenantId} and c.occurred_at >= ${q.from} and c.occurred_at <= ${q.to}${currency}
    ),
    jt as (
      select cv.cid as jid, cv.value as value, cv.cms as cms, t.id as tid, t.occurred_ms as at_ms, ${keyOf('t', q.groupBy)} as k
      from cv join ${TOUCHES} t
        on t.tenant_id = ${tenantId} and t.contact_id = cv.contact_id
        and t.occurred_ms <= cv.cms and t.occurred_ms >= cv.cms - ${q.lookbackMs}
    )`
}

async function totals(db: Kysely<SqlDb>, tenantId: string, q: AttributionDataQuery) {
  const currency = q.currency === undefined ? sql`` : sql` and c.amount_currency = ${q.currency}`
  const { rows } = await sql<Raw>`
    select c.amount_currency as cur,
      case when exists (
        select 1 from ${TOUCHES} t
        where t.tenant_id = ${tenantId} and t.contact_id = c.contact_id
          and t.occurred_ms <= c.occurred_ms and t.occurred_ms >= c.occurred_ms - ${q.lookbackMs}
      ) then 1 else 0 end as hit,
      count(*) as n, sum(c.amount_value) as v
    from ${CONVERSIONS} c
    where c.tenant_id = ${tenantId} and c.occurred_at >= ${q.from} and c.occurred_at <= ${q.to}${currency}
    group by 1, 2`.execute(db)
  const attributed = { conversions: 0, value: 0 }
  const unattributed = { conversions: 0, value: 0 }
  const currencies = new Set<string>()
  for (const row of rows) {
    currencies.add(String(row.cur))
    const bucket = num(row.hit) === 1 ? attributed : unattributed
    bucket.conversions += num(row.n)
    bucket.value += num(row.v)
  }
  return { attributed, unattributed, currencies: [...currencies].sort(compareCodePoints) }
}

async function paths(db: Kysely<SqlDb>, spec: SqlDialect, tenantId: string, q: AttributionDataQuery) {
  const order = sql`at_ms, tid`
  const { rows } = await sql<Raw>`
    with ${journeyCtes(tenantId, q)},
    jp as (
      select jid, max(value) as value, ${spec.orderedConcat(sql`k`, order, PATH_SEPARATOR)} as path
      from jt group by jid
    ),
    nt as (
      select t.contact_id as pid, t.id as tid, t.occurred_ms as at_ms, ${keyOf('t', q.groupBy)} as k,
        max(t.occurred_ms) over (partition by t.contact_id) as last_ms
      from ${TOUCHES} t
      where t.tenant_id = ${tenantId} and t.contact_id is not null
        and t.occurred_at >= ${q.from} and t.occurred_at <= ${q.to}
        and not exists (
          select 1 from ${CONVERSIONS} c2
          where c2.tenant_id = ${tenantId} and c2.contact_id = t.contact_id
            and c2.occurred_at >= ${q.from} and c2.occurred_at <= ${q.to}
        )
    ),
    np as (
      select pid, ${spec.orderedConcat(sql`k`, order, PATH_SEPARATOR)} as path
      from nt where at_ms >= last_ms - ${q.lookbackMs} group by pid
    ),
    u as (
      select path, count(*) as conversions, sum(value) as value, 0 as nulls from jp group by path
      union all
      select path, 0 as conversions, 0 as value, count(*) as nulls from np group by path
    )
    select path, sum(conversions) as conversions, sum(value) as value, sum(nulls) as nulls
    from u group by path`.execute(db)
  const out: AttributionPathRow[] = rows.map((r) => ({
    path: String(r.path).split(PATH_SEPARATOR),
    conversions: num(r.conversions),
    value: num(r.value),
    nulls: num(r.nulls),
  }))
  return sortPathRows(out)
}

function weight(spec: SqlDialect, q: Extract<AttributionDataQuery, { kind: 'credits' }>): Fragment {
  const d = (v: number) => spec.toDouble(sql`${v}`)
  const w = q.weighting
  if (w.model === 'timeDecay') {
    // 2^(−age/halfLife) = exp(−age · ln2 / halfLife), age measured from the newest touch.
    return sql`exp(${spec.toDouble(sql`newest - at_ms`)} * ${d(-Math.LN2 / w.halfLifeMs)})`
  }
  const both = w.first + w.last
  const [f2, l2] = both > 0 ? [w.first, w.last] : [1, 1]
  const middle = Math.max(0, 1 - w.first - w.last)
  return sql`case when m = 1 then ${d(1)}
    when m = 2 then (case when pos = 1 then ${d(f2)} else ${d(l2)} end)
    when pos = 1 then ${d(w.first)} when pos = m then ${d(w.last)}
    else ${d(middle)} / ${spec.toDouble(sql`m - 2`)} end`
}

async function credits(
  db: Kysely<SqlDb>,
  spec: SqlDialect,
  tenantId: string,
  q: Extract<AttributionDataQuery, { kind: 'credits' }>,
) {
  const { rows } = await sql<Raw>`
    with ${journeyCtes(tenantId, q)},
    jw as (
      select jid, value, k, at_ms,
        row_number() over (partition by jid order by at_ms, tid) as pos,
        count(*) over (partition by jid) as m,
        max(at_ms) over (partition by jid) as newest
      from jt
    ),
    jx as (select jid, value, k, ${weight(spec, q)} as w from jw),
    jn as (select k, value, w / sum(w) over (partition by jid) as credit from jx)
    select k, sum(credit) as conversions, sum(credit * ${spec.toDouble(sql`value`)}) as value
    from jn group by k`.execute(db)
  return rows
    .map((r) => ({ key: String(r.k), conversions: num(r.conversions), value: num(r.value) }))
    .sort((a, b) => compareCodePoints(a.key, b.key))
}

/**
 * The converting journeys with their milestones (`AttributionJourneyRow`): lead = the
 * contact's creation; opportunity = the conversion's own deal's creation, else the
 * contact's earliest live deal created by the conversion. One row per touch; a journey's
 * rows are consecutive.
 */
async function journeys(db: Kysely<SqlDb>, tenantId: string, q: AttributionDataQuery) {
  const { rows } = await sql<Raw>`
    with ${journeyCtes(tenantId, q)},
    cm as (
      select cv.cid as mid, p.created_at as lead_at,
        coalesce(d.created_at, (
          select min(d2.created_at) from ${DEAL_CONTACTS} l
            join ${DEALS} d2 on d2.tenant_id = l.tenant_id and d2.id = l.deal_id
          where l.tenant_id = ${tenantId} and l.contact_id = cv.contact_id
            and d2.deleted_at is null and d2.created_at <= cv.cat
        )) as opp_at
      from cv
        left join ${CONTACTS} p on p.tenant_id = ${tenantId} and p.id = cv.contact_id
        left join ${DEALS} d on d.tenant_id = ${tenantId} and d.id = cv.deal_id
    )
    select jid, value, cms, k, at_ms, lead_at, opp_at
    from jt join cm on cm.mid = jt.jid
    order by cms, jid, at_ms, tid`.execute(db)
  const out: AttributionJourneyRow[] = []
  let current: string | undefined
  let touches: { key: string; atMs: number }[] = []
  const ms = (at: unknown) => (at === null || at === undefined ? null : Date.parse(String(at)))
  for (const r of rows) {
    const jid = String(r.jid)
    if (jid !== current) {
      current = jid
      touches = []
      const milestones = { leadMs: ms(r.lead_at), opportunityMs: ms(r.opp_at) }
      out.push({ value: num(r.value), convertedMs: num(r.cms), touches, ...milestones })
    }
    touches.push({ key: String(r.k), atMs: num(r.at_ms) })
  }
  return out
}

/** Answer an attribution query on one connection of `db`. */
export async function sqlAttributionData(
  db: Kysely<SqlDb>,
  spec: SqlDialect,
  tenantId: string,
  q: AttributionDataQuery,
): Promise<AttributionData> {
  if (!Number.isSafeInteger(q.lookbackMs) || q.lookbackMs <= 0)
    throw new TypeError('lookbackMs must be a positive integer')
  return db.connection().execute(async (conn) => {
    const base = await totals(conn, tenantId, q)
    const empty = { paths: [], credits: [], journeys: [] }
    switch (q.kind) {
      case 'paths':
        await spec.prepareStringAggregation(conn)
        return { ...base, ...empty, paths: await paths(conn, spec, tenantId, q) }
      case 'credits':
        return { ...base, ...empty, credits: await credits(conn, spec, tenantId, q) }
      case 'journeys':
        return { ...base, ...empty, journeys: await journeys(conn, tenantId, q) }
    }
  })
}
