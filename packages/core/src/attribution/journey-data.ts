/**
 * The attribution journeys of one tenant computed in JavaScript from touchpoint and
 * conversion rows: what the `attribution` port extension's `journeyData()` returns, by the
 * definition in `storage/extensions/attribution.ts`. Core falls back to it for adapters
 * without the extension (the memory adapter among them), and every adapter's extension
 * must agree with it (conformance suite).
 */

import { compareCodePoints } from '../filter/compare.js'
import type {
  AttributionData,
  AttributionDataQuery,
  AttributionJourneyRow,
  AttributionPathRow,
} from '../storage/extensions/index.js'
import type { StorageRow } from '../storage/port.js'
import { attributeValidJourneys, type ParsedJourney } from './models/journeys.js'
import { journeyAttributionOptionsSchema } from './models/schemas.js'
import { parseOrThrow } from './models/validation.js'

/** Joins a path's keys; keys never contain control characters (see touchpoint schema). */
export const PATH_SEPARATOR = '\u001f'
/** Key of a touch whose `groupBy` column is NULL. */
export const NO_KEY = '(none)'

interface Touch {
  readonly id: string
  readonly ms: number
  readonly at: string
  readonly key: string
}

const byTime = (a: Touch, b: Touch) => a.ms - b.ms || compareCodePoints(a.id, b.id)
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v))

/** Aggregated path rows in the port's order (keys compared element by element). */
export function sortPathRows<T extends AttributionPathRow>(rows: T[]): T[] {
  return rows.sort((a, b) => compareCodePoints(a.path.join(PATH_SEPARATOR), b.path.join(PATH_SEPARATOR)))
}

/** The rows of one tenant an attribution query reads: storage form, soft-deleted included. */
export interface AttributionRows {
  readonly touchpoints: Iterable<StorageRow>
  readonly conversions: Iterable<StorageRow>
  /** Read for the milestones of `kind: 'journeys'` only; other kinds may pass `[]`. */
  readonly contacts: Iterable<StorageRow>
  /** As `contacts`. */
  readonly deals: Iterable<StorageRow>
  /** `[dealId, contactId]` pairs of the `dealContacts` link table; as `contacts`. */
  readonly dealContacts: Iterable<readonly [string, string]>
}

type MilestonesOf = (conversion: StorageRow) => { leadMs: number | null; opportunityMs: number | null }

/** The lead and opportunity instants of a conversion, as `AttributionJourneyRow` defines them. */
function milestoneLookup(rows: AttributionRows): MilestonesOf {
  const contactCreated = new Map<string, string>()
  for (const c of rows.contacts) contactCreated.set(String(c.id), String(c.createdAt))
  const deals = new Map<string, StorageRow>()
  for (const d of rows.deals) deals.set(String(d.id), d)
  const dealsOf = new Map<string, StorageRow[]>()
  for (const [dealId, contactId] of rows.dealContacts) {
    const deal = deals.get(dealId)
    if (!deal || (deal.deletedAt !== null && deal.deletedAt !== undefined)) continue
    const list = dealsOf.get(contactId)
    if (list) list.push(deal)
    else dealsOf.set(contactId, [deal])
  }
  const ms = (at: string | undefined) => (at === undefined ? null : Date.parse(at))
  return (conversion) => {
    const contactId = String(conversion.contactId)
    const own =
      conversion.dealId === null || conversion.dealId === undefined ? undefined : deals.get(String(conversion.dealId))
    let opportunity = own === undefined ? undefined : String(own.createdAt)
    if (opportunity === undefined) {
      const convertedAt = String(conversion.occurredAt)
      for (const deal of dealsOf.get(contactId) ?? []) {
        const created = String(deal.createdAt)
        if (created <= convertedAt && (opportunity === undefined || created < opportunity)) opportunity = created
      }
    }
    return { leadMs: ms(contactCreated.get(contactId)), opportunityMs: ms(opportunity) }
  }
}

const noMilestones: MilestonesOf = () => ({ leadMs: null, opportunityMs: null })

/** Answer an attribution query from the raw rows of one tenant. */
export function computeAttributionData(rows: AttributionRows, query: AttributionDataQuery): AttributionData {
  const { touchpoints, conversions } = rows
  const { from, to, lookbackMs, groupBy, currency } = query
  const milestonesOf = query.kind === 'journeys' ? milestoneLookup(rows) : noMilestones
  const byContact = new Map<string, Touch[]>()
  for (const row of touchpoints) {
    if (row.contactId === null || row.contactId === undefined) continue
    const raw = row[groupBy]
    const touch = {
      id: String(row.id),
      ms: num(row.occurredMs),
      at: String(row.occurredAt),
      key: raw === null || raw === undefined ? NO_KEY : String(raw),
    }
    const list = byContact.get(String(row.contactId))
    if (list) list.push(touch)
    else byContact.set(String(row.contactId), [touch])
  }
  for (const list of byContact.values()) list.sort(byTime)

  const converted = new Set<string>()
  const counted: StorageRow[] = []
  for (const row of conversions) {
    const at = String(row.occurredAt)
    if (at < from || at > to) continue
    converted.add(String(row.contactId))
    if (currency === undefined || row.amountCurrency === currency) counted.push(row)
  }
  counted.sort(
    (a, b) =>
      compareCodePoints(String(a.occurredAt), String(b.occurredAt)) || compareCodePoints(String(a.id), String(b.id)),
  )

  const journeys: AttributionJourneyRow[] = []
  const unattributed = { conversions: 0, value: 0 }
  const attributed = { conversions: 0, value: 0 }
  const currencies = new Set<string>()
  for (const row of counted) {
    currencies.add(String(row.amountCurrency))
    const ms = num(row.occurredMs)
    const value = num(row.amountValue)
    const touches = (byContact.get(String(row.contactId)) ?? []).filter((t) => t.ms <= ms && t.ms >= ms - lookbackMs)
    const bucket = touches.length === 0 ? unattributed : attributed
    bucket.conversions += 1
    bucket.value += value
    if (touches.length > 0)
      journeys.push({
        value,
        convertedMs: ms,
        touches: touches.map((t) => ({ key: t.key, atMs: t.ms })),
        ...milestonesOf(row),
      })
  }
  const base = { attributed, unattributed, currencies: [...currencies].sort(compareCodePoints) }

  switch (query.kind) {
    case 'journeys':
      return { ...base, paths: [], credits: [], journeys }
    case 'credits': {
      const w = query.weighting
      const options =
        w.model === 'timeDecay'
          ? { model: 'timeDecay' as const, halfLifeDays: w.halfLifeMs / 86_400_000, lookbackDays: null }
          : { model: 'positionBased' as const, first: w.first, last: w.last, lookbackDays: null }
      // The journeys come from stored rows; the weighting comes from the caller.
      const valid = parseOrThrow(journeyAttributionOptionsSchema, options, 'attribution weighting')
      const result = attributeValidJourneys(journeys.map(toJourney), valid)
      const credits = result.channels
        .map((c) => ({ key: c.channel, conversions: c.conversions, value: c.value }))
        .sort((a, b) => compareCodePoints(a.key, b.key))
      return { ...base, paths: [], credits, journeys: [] }
    }
    case 'paths': {
      const paths = new Map<string, { path: string[]; conversions: number; value: number; nulls: number }>()
      const entry = (keys: string[]) => {
        const id = keys.join(PATH_SEPARATOR)
        let row = paths.get(id)
        if (!row) {
          row = { path: keys, conversions: 0, value: 0, nulls: 0 }
          paths.set(id, row)
        }
        return row
      }
      for (const j of journeys) {
        const row = entry(j.touches.map((t) => t.key))
        row.conversions += 1
        row.value += j.value
      }
      for (const [contactId, list] of byContact) {
        if (converted.has(contactId)) continue
        const inRange = list.filter((t) => t.at >= from && t.at <= to)
        const last = inRange[inRange.length - 1]
        if (!last) continue
        entry(inRange.filter((t) => t.ms >= last.ms - lookbackMs).map((t) => t.key)).nulls += 1
      }
      return { ...base, paths: sortPathRows([...paths.values()]), credits: [], journeys: [] }
    }
  }
}

/** A compact journey as the journey-level models take it (touch keys as channels). */
export function toJourney(j: AttributionJourneyRow): ParsedJourney {
  const milestones = {
    ...(j.leadMs === null ? {} : { lead: j.leadMs }),
    ...(j.opportunityMs === null ? {} : { opportunity: j.opportunityMs }),
  }
  return {
    touchpoints: j.touches.map((t) => ({ channel: t.key, at: t.atMs })),
    conversion: { at: j.convertedMs, value: j.value },
    milestones,
  }
}
