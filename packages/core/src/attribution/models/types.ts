/** Result types of the attribution models. */

/** What one channel is credited with. */
export interface ChannelCredit {
  readonly channel: string
  /** Conversions credited (fractional). */
  readonly conversions: number
  /** Conversion value credited. */
  readonly value: number
  /** `conversions` / all credited conversions (0 when nothing was credited). */
  readonly share: number
}

/** Totals every path-level result carries. */
export interface PathAttributionTotals {
  /** Sum of `conversions` over the paths; the credits sum to it. */
  readonly totalConversions: number
  /** Sum of `value` over the paths; the value credits sum to it. */
  readonly totalValue: number
  /** Sum of `nulls` over the paths. */
  readonly totalNulls: number
  /** Number of aggregated paths. */
  readonly paths: number
}

/** Result of a heuristic model over aggregated paths. Channels: most credited first. */
export interface PathAttribution extends PathAttributionTotals {
  readonly model: 'first' | 'last' | 'lastNonDirect' | 'linear' | 'linearUnique'
  readonly channels: readonly ChannelCredit[]
}

/** A Markov channel's credit plus its removal effects. */
export interface MarkovChannelCredit extends ChannelCredit {
  /** P(conversion) − P(conversion | channel removed), per journey. */
  readonly removalEffect: number
  /** `removalEffect` / P(conversion): ChannelAttribution's `removal_effects` column. */
  readonly relativeRemovalEffect: number
  /** E[value] − E[value | channel removed], per journey. */
  readonly valueRemovalEffect: number
}

/** One non-zero entry of the estimated transition matrix. */
export interface MarkovTransition {
  /** The source state's channel tuple, oldest first; `[]` is `(start)`. */
  readonly from: readonly string[]
  /** The target state's tuple, or an absorbing state. */
  readonly to: readonly string[] | 'conversion' | 'null'
  readonly probability: number
  /** Journeys observed on this transition. */
  readonly journeys: number
}

/** Result of the Markov model. Channels: most credited first. */
export interface MarkovAttribution extends PathAttributionTotals {
  readonly model: 'markov'
  readonly order: 1 | 2 | 3 | 4
  readonly channels: readonly MarkovChannelCredit[]
  /**
   * P(conversion) of a journey in the estimated chain. Because transition probabilities
   * are observed frequencies, it equals totalConversions / (totalConversions + totalNulls)
   * (1 with `ignoreNulls`).
   */
  readonly conversionProbability: number
  /** Expected conversion value per journey in the chain (= totalValue / journeys). */
  readonly expectedValue: number
  /** Size of the transition matrix. */
  readonly transitionMatrix: {
    /** States, counting `(start)`, `(conversion)` and `(null)`: the matrix is states × states. */
    readonly states: number
    /** Non-zero entries. */
    readonly transitions: number
    /** The entries themselves, with `includeTransitions: true`. */
    readonly entries?: readonly MarkovTransition[]
  }
  /** How the absorbing chain was solved. */
  readonly solver: { readonly method: 'dense' | 'iterative'; readonly iterations: number }
}

/** A Shapley channel's credit plus its raw Shapley value. */
export interface ShapleyChannelCredit extends ChannelCredit {
  /**
   * φ of the coalition game: credited conversions for the `conversions` variant, the
   * channel's share of summed conversion rates (Σ_{T∋c} CR(T)/|T|) for `conversionRate`.
   */
  readonly shapleyValue: number
}

/** Result of the Shapley model. Channels: most credited first. */
export interface ShapleyAttribution extends PathAttributionTotals {
  readonly model: 'shapley'
  readonly variant: 'conversions' | 'conversionRate'
  readonly channels: readonly ShapleyChannelCredit[]
}

/** Any result of {@link attribute}. */
export type AnyPathAttribution = PathAttribution | MarkovAttribution | ShapleyAttribution

/** Result of {@link attributeJourneys}. Channels: most credited first. */
export interface JourneyAttribution {
  readonly model:
    | 'first'
    | 'last'
    | 'lastNonDirect'
    | 'linear'
    | 'linearUnique'
    | 'timeDecay'
    | 'positionBased'
    | 'wShaped'
    | 'fullPath'
    | 'custom'
  readonly channels: readonly ChannelCredit[]
  /** Number of journeys (each is one conversion). */
  readonly totalConversions: number
  /** Sum of the journeys' conversion values. */
  readonly totalValue: number
  /** Conversions (and their value) with no touch inside the lookback window: credited to no channel. */
  readonly unattributed: { readonly conversions: number; readonly value: number }
}
