/**
 * Marketing attribution: pure functions over plain data (no I/O; browsers, Node, workers).
 *
 * - {@link attribute}: aggregated paths (`{ path, conversions, value?, nulls? }`) with
 *   first / last / lastNonDirect / linear / linearUnique, exact Markov (order 1–4) and
 *   exact Shapley (conversions or conversion-rate game).
 * - {@link attributeJourneys} / {@link touchpointCredits}: timestamped journeys with a
 *   lookback window: the position models plus timeDecay, positionBased, wShaped,
 *   fullPath and custom weights.
 * - {@link preparePaths}: validate and intern once, then run several models.
 */

export type { HeuristicPathOptions, MarkovOptions, ShapleyOptions } from './attribute.js'
export { attribute } from './attribute.js'
export { attributeJourneys, touchpointCredits } from './journeys.js'
export { PreparedPaths, preparePaths } from './prepare.js'
export type {
  AggregatedPath,
  CustomWeights,
  Journey,
  JourneyAttributionOptions,
  Milestone,
  PathAttributionOptions,
  Touchpoint,
  WindowedTouch,
} from './schemas.js'
export {
  aggregatedPathSchema,
  journeyAttributionOptionsSchema,
  journeySchema,
  pathAttributionOptionsSchema,
  touchpointSchema,
} from './schemas.js'
export type {
  AnyPathAttribution,
  ChannelCredit,
  JourneyAttribution,
  MarkovAttribution,
  MarkovChannelCredit,
  MarkovTransition,
  PathAttribution,
  PathAttributionTotals,
  ShapleyAttribution,
  ShapleyChannelCredit,
} from './types.js'
