import * as z from 'zod/mini'
import { creditRows } from './credit-rows.js'
import { rawWeights } from './journey-weights.js'
import type { Journey, JourneyAttributionOptions, Milestone, WindowedTouch } from './schemas.js'
import { journeyAttributionOptionsSchema, journeySchema, MILESTONES } from './schemas.js'
import type { JourneyAttribution } from './types.js'
import { parseOrThrow } from './validation.js'

const DAY_MS = 86_400_000
const DEFAULT_LOOKBACK_DAYS = 90
const journeysSchema = z.array(journeySchema, 'journeys must be an array')

/** A journey that passed {@link journeySchema}. */
export type ParsedJourney = z.output<typeof journeySchema>
/** Journey-model options that passed their schema. */
export type ParsedOptions = z.output<typeof journeyAttributionOptionsSchema>

const toMillis = (at: Date | string | number): number =>
  typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime()

interface Credited {
  /** Windowed touches, oldest first. */
  readonly touches: readonly WindowedTouch[]
  /** Position of each windowed touch in `journey.touchpoints`. */
  readonly inputIndex: readonly number[]
  /** Normalised credits (sum 1), aligned with `touches`. */
  readonly credits: readonly number[]
}

/**
 * Which windowed touch (index into the sorted window) holds each milestone, -1 for none: the
 * touch marked with it, or the latest one at or before the journey's milestone instant.
 */
function milestoneHolders(
  journey: ParsedJourney,
  sorted: readonly { readonly t: { readonly milestone?: Milestone | undefined }; readonly at: number }[],
): Record<Milestone, number> {
  const holder = (role: Milestone): number => {
    const instant = journey.milestones?.[role]
    if (instant === undefined) return sorted.findIndex((w) => w.t.milestone === role)
    // The touches are sorted by time: the holder is the last one not after the instant.
    const ms = toMillis(instant)
    const firstAfter = sorted.findIndex((w) => w.at > ms)
    return firstAfter === -1 ? sorted.length - 1 : firstAfter - 1
  }
  return { lead: holder('lead'), opportunity: holder('opportunity') }
}

/**
 * The touches of one journey inside its lookback window (at or before the conversion and
 * no older than `lookbackDays` before it), sorted by time (ties keep input order), with
 * the model's credits normalised to 1. `null` when no touch is inside the window.
 */
function creditJourney(journey: ParsedJourney, opts: ParsedOptions, index: number): Credited | null {
  const convAt = toMillis(journey.conversion.at)
  const lookback = opts.lookbackDays === undefined ? DEFAULT_LOOKBACK_DAYS : opts.lookbackDays
  const earliest = lookback === null ? Number.NEGATIVE_INFINITY : convAt - lookback * DAY_MS
  const inWindow: { t: ParsedJourney['touchpoints'][number]; at: number; inputIndex: number }[] = []
  journey.touchpoints.forEach((t, inputIndex) => {
    const at = toMillis(t.at)
    if (at <= convAt && at >= earliest) inWindow.push({ t, at, inputIndex })
  })
  if (inWindow.length === 0) return null
  inWindow.sort((a, b) => a.at - b.at || a.inputIndex - b.inputIndex)
  const holders = milestoneHolders(journey, inWindow)
  const touches: WindowedTouch[] = inWindow.map(({ t, at }, i) => ({
    channel: t.channel,
    at,
    daysBeforeConversion: (convAt - at) / DAY_MS,
    index: i,
    campaign: t.campaign,
    source: t.source,
    medium: t.medium,
    content: t.content,
    term: t.term,
    milestones: MILESTONES.filter((role) => holders[role] === i),
  }))
  const weights = rawWeights(opts, touches, { at: convAt, value: journey.conversion.value }, index)
  let sum = 0
  for (const w of weights) sum += w
  return {
    touches,
    inputIndex: inWindow.map((w) => w.inputIndex),
    credits: weights.map((w) => w / sum),
  }
}

/**
 * Attribution over timestamped journeys, one conversion each. Touches after the conversion
 * or older than `lookbackDays` (default 90; `null` = no window) before it drop out; a
 * journey left with no touch is reported under `unattributed`.
 *
 * Models (`options.model`), each turned into per-touch credits that sum to 1 per conversion
 * (value credits = credits × conversion value), then summed per channel:
 * - `first`, `last`, `lastNonDirect` (`directChannel`, default `'direct'`), `linear`
 *   (per touch), `linearUnique` (per distinct channel), as over aggregated paths;
 * - `timeDecay`: weight 2^(−age in days / `halfLifeDays`), default half-life 7 days;
 * - `positionBased`: `first` (0.4) and `last` (0.4), the middle touches share the rest;
 *   one touch gets 100 %, two touches split first : last (50/50 by default);
 * - `wShaped`: first touch, lead-creation touch and opportunity-creation touch get `first`,
 *   `lead`, `opportunity` (0.3 each), the other touches share `rest` (0.1). Mark the
 *   milestone touches with `milestone: 'lead' | 'opportunity'` on the touchpoint, or give
 *   the journey `milestones: { lead, opportunity }` instants (the latest windowed touch at
 *   or before each instant holds it);
 * - `fullPath`: as `wShaped` plus the close (last) touch, 0.225 each, `rest` 0.1;
 * - `custom`: `weights(touches, conversion)` returns a weight per windowed touch.
 * In the milestone models a touch holding several roles gets every role's weight, a role
 * whose touch is absent or outside the window drops out, and the weights are renormalised.
 *
 * @throws ValidationError for invalid journeys or options, or a custom weights function
 *   that returns something other than one finite non-negative weight per touch.
 */
export function attributeJourneys(
  journeys: readonly Journey[],
  options: JourneyAttributionOptions,
): JourneyAttribution {
  const opts = parseOrThrow(journeyAttributionOptionsSchema, options, 'attribution options')
  return attributeValidJourneys(parseOrThrow(journeysSchema, journeys, 'journeys'), opts)
}

/**
 * @internal `attributeJourneys` over journeys and options already in their parsed form.
 * Reports use it for the journeys a storage adapter built: validating tens of thousands of
 * them again would cost more than attributing them.
 */
export function attributeValidJourneys(parsed: readonly ParsedJourney[], opts: ParsedOptions): JourneyAttribution {
  const ids = new Map<string, number>()
  const names: string[] = []
  let conv: Float64Array = new Float64Array(16)
  let value: Float64Array = new Float64Array(16)
  let totalValue = 0
  let lostConversions = 0
  let lostValue = 0
  parsed.forEach((journey, index) => {
    const v = journey.conversion.value
    totalValue += v
    const credited = creditJourney(journey, opts, index)
    if (credited === null) {
      lostConversions++
      lostValue += v
      return
    }
    credited.touches.forEach((t, i) => {
      let id = ids.get(t.channel)
      if (id === undefined) {
        id = names.length
        ids.set(t.channel, id)
        names.push(t.channel)
        if (id >= conv.length) {
          conv = grow(conv)
          value = grow(value)
        }
      }
      const c = credited.credits[i] as number
      conv[id] = (conv[id] as number) + c
      value[id] = (value[id] as number) + c * v
    })
  })
  const channels = creditRows(
    names,
    conv.subarray(0, names.length),
    value.subarray(0, names.length),
    opts.channels,
    () => ({}),
  )
  return {
    model: opts.model,
    channels,
    totalConversions: parsed.length,
    totalValue,
    unattributed: { conversions: lostConversions, value: lostValue },
  }
}

/**
 * The credit each touchpoint of one journey receives under a model, aligned with
 * `journey.touchpoints` (input order): touches outside the lookback window get 0, the
 * others sum to 1. All zeros when no touch is inside the window. Useful to show, on a deal
 * or contact, which touches earned the conversion.
 *
 * @throws ValidationError for an invalid journey or options.
 */
export function touchpointCredits(journey: Journey, options: JourneyAttributionOptions): number[] {
  const opts = parseOrThrow(journeyAttributionOptionsSchema, options, 'attribution options')
  const parsed = parseOrThrow(journeySchema, journey, 'journey')
  const out = new Array<number>(parsed.touchpoints.length).fill(0)
  const credited = creditJourney(parsed, opts, 0)
  credited?.inputIndex.forEach((at, i) => {
    out[at] = credited.credits[i] as number
  })
  return out
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2)
  b.set(a)
  return b
}
