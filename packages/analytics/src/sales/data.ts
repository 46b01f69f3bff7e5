/**
 * Reading crmkit data for the CRM analytics: every read goes through the tenant-scoped
 * public API (`t.deals.list`, `t.insights.cube`, ...), so tenancy and soft deletion are
 * core's business, never re-implemented here. Also small calendar-month helpers.
 */
import type { Contact, Deal, DealTransition, FilterNode, Page, Pipeline, TenantCrm } from '@crmkit/core'
import { invalid } from '../internal/validate.js'

/** Milliseconds per day. */
export const DAY_MS = 86_400_000

/** Read every page of a list call (1000 rows at a time). */
export async function listAll<T, W>(
  list: (options: { where?: W; limit: number; cursor?: string }) => Promise<Page<T>>,
  where?: W,
): Promise<T[]> {
  const out: T[] = []
  let cursor: string | undefined
  do {
    const page = await list({ ...(where ? { where } : {}), limit: 1000, ...(cursor ? { cursor } : {}) })
    out.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return out
}

/** All live deals matching `where`, in id order. */
export function allDeals(t: TenantCrm, where?: FilterNode<'deal'>): Promise<Deal[]> {
  return listAll((o) => t.deals.list(o), where)
}

/** All live contacts matching `where`, in id order. */
export function allContacts(t: TenantCrm, where?: FilterNode<'contact'>): Promise<Contact[]> {
  return listAll((o) => t.contacts.list(o), where)
}

/** A pipeline by id, or a ValidationError naming the option. */
export async function requirePipeline(t: TenantCrm, pipelineId: string): Promise<Pipeline> {
  const pipeline = await t.pipelines.get(pipelineId)
  if (!pipeline) invalid(['pipelineId'], `No pipeline with id ${pipelineId}`)
  return pipeline
}

/**
 * The transition log of a pipeline, grouped per live deal (each deal's moves oldest first).
 * Moves of soft-deleted deals are left out so that the log agrees with the deal lists.
 */
export async function transitionsByDeal(
  t: TenantCrm,
  pipelineId: string,
  liveDeals: readonly Deal[],
): Promise<Map<string, DealTransition[]>> {
  const live = new Set(liveDeals.map((d) => d.id))
  const byDeal = new Map<string, DealTransition[]>()
  for await (const move of t.insights.allTransitions({ pipelineId })) {
    if (!live.has(move.dealId)) continue
    const list = byDeal.get(move.dealId)
    if (list) list.push(move)
    else byDeal.set(move.dealId, [move])
  }
  return byDeal
}

/** Days between two ISO timestamps. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / DAY_MS
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/

/** Check a `YYYY-MM` option. */
export function checkMonth(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !monthPattern.test(value)) invalid([name], 'expected a month YYYY-MM')
  return value
}

/** `YYYY-MM` plus `k` months. */
export function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Months from `a` to `b` (`b` - `a`; negative when `b` is earlier). */
export function monthDiff(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7))
}

/** Every month from `first` to `last`, inclusive. */
export function monthRange(first: string, last: string): string[] {
  const n = monthDiff(first, last)
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addMonths(first, i))
}

/**
 * The one currency amounts are reported in: `requested`, or the only currency present.
 * Amounts in different currencies are never added up.
 */
export function resolveCurrency(present: Iterable<string>, requested: string | undefined): string | null {
  if (requested !== undefined) return requested
  const set = [...new Set(present)].sort()
  if (set.length > 1) {
    invalid(['currency'], `amounts are in several currencies (${set.join(', ')}); pass the currency to report`)
  }
  return set[0] ?? null
}

/** Mean of a list (null when empty). */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length
}

/** Median of a list (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}
