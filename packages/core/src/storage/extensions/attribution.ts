/**
 * Port extension `attribution`: attribution journeys aggregated by the adapter.
 *
 * An adapter that can build journeys where the data lives (SQL window functions, GROUP BY
 * and ordered string aggregation) offers this extension as `adapter.extensions.attribution`;
 * only aggregated paths or per-key sums then leave the database. Without it, core reads the
 * tenant's touchpoints and conversions through the general port (`query`, `linked`) and
 * computes the same answer in JavaScript (`computeAttributionData`, the reference every
 * implementation must equal). So an adapter starts without it and adds it for speed.
 */

/**
 * Which journeys an attribution query covers. A converting journey is one conversion with
 * `occurredAt` in `[from, to]` (and `amountCurrency = currency` when given) together with
 * its contact's touchpoints in `[conversion - lookbackMs, conversion]` (by `occurredMs`),
 * ordered by `(occurredMs, id)`. A non-converting journey is a contact with touchpoints in
 * `[from, to]` and no conversion (of any currency) in `[from, to]`: its touchpoints in that
 * range no older than `lookbackMs` before its last one. A touch's key is its `groupBy`
 * column, `'(none)'` when NULL.
 */
export interface AttributionWindow {
  /** Storage-form timestamp; conversions at or after it count. */
  readonly from: string
  /** Storage-form timestamp; conversions at or before it count. */
  readonly to: string
  /** Lookback window in milliseconds (> 0). */
  readonly lookbackMs: number
  /** Touchpoint column whose value is the key of a touch. */
  readonly groupBy: 'channel' | 'campaign' | 'source'
  /** Count only conversions in this currency (ISO 4217). Default: all. */
  readonly currency?: string
}

/** Per-journey weighting that an adapter turns into per-key credit sums. */
export type AttributionWeighting =
  /** Weight 2^(−(newest touch − touch) / halfLifeMs), normalised per journey. */
  | { readonly model: 'timeDecay'; readonly halfLifeMs: number }
  /**
   * One touch: 1; two: first : last normalised (1 : 1 when both are 0); more: `first`,
   * `last`, and `(1 − first − last) / (m − 2)` for each middle touch.
   */
  | { readonly model: 'positionBased'; readonly first: number; readonly last: number }

/**
 * An attribution query. `kind` selects what comes back in {@link AttributionData}:
 * `paths` (aggregated paths, converting and not), `credits` (per-key credit sums of a
 * weighting over the converting journeys), or `journeys` (the converting journeys' compact
 * touches, for models only JavaScript can evaluate, such as custom weight functions).
 */
export type AttributionDataQuery = AttributionWindow &
  (
    | { readonly kind: 'paths' }
    | { readonly kind: 'credits'; readonly weighting: AttributionWeighting }
    | { readonly kind: 'journeys' }
  )

/** Aggregated journeys sharing one key sequence. */
export interface AttributionPathRow {
  readonly path: readonly string[]
  /** Converting journeys on this path. */
  readonly conversions: number
  /** Sum of their conversion values (minor units). */
  readonly value: number
  /** Non-converting journeys on this path. */
  readonly nulls: number
}

/**
 * One converting journey in compact form (touches oldest first, ties by id), with the
 * instants of the CRM milestones the milestone models (`wShaped`, `fullPath`) credit.
 */
export interface AttributionJourneyRow {
  readonly value: number
  readonly convertedMs: number
  readonly touches: readonly { readonly key: string; readonly atMs: number }[]
  /** Lead creation: the converting contact's `createdAt` (deleted contacts included), epoch ms. */
  readonly leadMs: number | null
  /**
   * Opportunity creation, epoch ms: the `createdAt` of the conversion's deal when it has one
   * (deleted or not); otherwise the earliest `createdAt` among the contact's live deals
   * (`dealContacts`) created at or before the conversion; `null` when there is none.
   */
  readonly opportunityMs: number | null
}

/** The answer to an {@link AttributionDataQuery}; fields of other kinds are empty. */
export interface AttributionData {
  /** `kind: 'paths'`: sorted by the path's keys (code-point order, element by element). */
  readonly paths: readonly AttributionPathRow[]
  /** `kind: 'credits'`: credited conversions and value per key, sorted by key. */
  readonly credits: readonly { readonly key: string; readonly conversions: number; readonly value: number }[]
  /** `kind: 'journeys'`: ordered by conversion time, then conversion id. */
  readonly journeys: readonly AttributionJourneyRow[]
  /** Conversions in the window with at least one touch in their lookback window. */
  readonly attributed: { readonly conversions: number; readonly value: number }
  /** Conversions in the window without any touch in their lookback window. */
  readonly unattributed: { readonly conversions: number; readonly value: number }
  /** Distinct currencies of the conversions counted, sorted. */
  readonly currencies: readonly string[]
}

/**
 * What an adapter implements to push attribution journeys down. Each query must return
 * exactly what `computeAttributionData` returns for the same rows (see
 * {@link AttributionDataQuery} for the definition); the conformance suite checks it.
 */
export interface AttributionPushdown {
  /** The journeys of one tenant, aggregated as `query.kind` asks. Reads only this tenant's rows. */
  journeyData(tenantId: string, query: AttributionDataQuery): Promise<AttributionData>
}
