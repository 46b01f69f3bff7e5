import { creditRows } from './credit-rows.js'
import { heuristicCredits } from './heuristics.js'
import { markovAttribution } from './markov.js'
import { PreparedPaths, preparePaths } from './prepare.js'
import type { AggregatedPath, PathAttributionOptions } from './schemas.js'
import { pathAttributionOptionsSchema } from './schemas.js'
import { shapleyCredits } from './shapley.js'
import type { AnyPathAttribution, MarkovAttribution, PathAttribution, ShapleyAttribution } from './types.js'
import { parseOrThrow } from './validation.js'

/** Options selecting the Markov model. */
export type MarkovOptions = Extract<PathAttributionOptions, { model: 'markov' }>
/** Options selecting the Shapley model. */
export type ShapleyOptions = Extract<PathAttributionOptions, { model: 'shapley' }>
/** Options selecting one of the heuristic models. */
export type HeuristicPathOptions = Exclude<PathAttributionOptions, MarkovOptions | ShapleyOptions>

/**
 * Multi-touch attribution over aggregated journeys (`{ path, conversions, value?, nulls? }`,
 * the ChannelAttribution input shape). Pure: no I/O, runs in browsers and workers.
 *
 * Models (`options.model`):
 * - `first` / `last`: all credit to the first / last channel of the path.
 * - `lastNonDirect`: the last channel that is not `directChannel` (default `'direct'`);
 *   an all-direct path credits direct.
 * - `linear`: credit per occurrence, a channel seen twice on a path of 4 gets 2/4
 *   (ChannelAttribution's `linear_touch`).
 * - `linearUnique`: each distinct channel of the path gets an equal share.
 * - `markov`: removal effects of an order-`order` (1–4) absorbing Markov chain, solved
 *   exactly, normalised to the totals. Consecutive repeats are collapsed; a state is the
 *   last `order` channels. `ignoreNulls` builds the chain from converting journeys only.
 * - `shapley`: exact Shapley values, `variant: 'conversions'` (default; v(S) = conversions
 *   of the paths whose channel set ⊆ S; equals `linearUnique`; any number of channels) or
 *   `'conversionRate'` (Zhao et al. 2018 simplified Shapley over the conversion rates of
 *   channel sets, so the non-converting journeys count: each path is split by the rate
 *   game restricted to its channels; exact up to 15 distinct channels on a converting
 *   path, a ValidationError beyond).
 *
 * Every model credits each path's conversions (and value) in full, so the channel credits
 * sum to `totalConversions` / `totalValue`. `options.channels` lists channels to report
 * even when no path mentions them (zero rows).
 *
 * @param paths the aggregated journeys, or a {@link PreparedPaths} from {@link preparePaths}
 *   to skip validation and interning when running several models over the same data.
 * @throws ValidationError for invalid paths or options (every zod issue included).
 * @throws UnsupportedError when an order ≥ 2 Markov solve does not converge within
 *   `maxIterations` sweeps.
 * @example
 * ```ts
 * const paths = [
 *   { path: ['search', 'email'], conversions: 3, value: 120, nulls: 40 },
 *   { path: ['social'], conversions: 1, value: 25, nulls: 60 },
 * ]
 * attribute(paths, { model: 'markov' }).channels
 * // [{ channel: 'search', conversions: …, value: …, share: …, removalEffect: … }, …]
 * ```
 */
export function attribute(paths: readonly AggregatedPath[] | PreparedPaths, options: MarkovOptions): MarkovAttribution
export function attribute(paths: readonly AggregatedPath[] | PreparedPaths, options: ShapleyOptions): ShapleyAttribution
export function attribute(
  paths: readonly AggregatedPath[] | PreparedPaths,
  options: HeuristicPathOptions,
): PathAttribution
export function attribute(
  paths: readonly AggregatedPath[] | PreparedPaths,
  options: PathAttributionOptions,
): AnyPathAttribution
export function attribute(
  paths: readonly AggregatedPath[] | PreparedPaths,
  options: PathAttributionOptions,
): AnyPathAttribution {
  const opts = parseOrThrow(pathAttributionOptionsSchema, options, 'attribution options')
  const data = paths instanceof PreparedPaths ? paths : preparePaths(paths)
  const totals = {
    totalConversions: data.totalConversions,
    totalValue: data.totalValue,
    totalNulls: data.totalNulls,
    paths: data.size,
  }
  switch (opts.model) {
    case 'markov':
      return markovAttribution(data, opts)
    case 'shapley': {
      const variant = opts.variant ?? 'conversions'
      const credits = shapleyCredits(data, variant)
      const channels = creditRows(data.channels, credits.conversions, credits.value, opts.channels, (id) => ({
        shapleyValue: id < 0 ? 0 : (credits.shapleyValues[id] as number),
      }))
      return { model: 'shapley', variant, channels, ...totals }
    }
    default: {
      const direct = opts.model === 'lastNonDirect' ? data.channels.indexOf(opts.directChannel ?? 'direct') : -1
      const credits = heuristicCredits(data, opts.model, direct)
      const channels = creditRows(data.channels, credits.conversions, credits.value, opts.channels, () => ({}))
      return { model: opts.model, channels, ...totals }
    }
  }
}
