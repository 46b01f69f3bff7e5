import { ValidationError } from '../../errors.js'
import type { CustomWeights, Milestone, WindowedTouch } from './schemas.js'

const DAY_MS = 86_400_000

/** A journey model's parameters after validation (defaults not yet applied). */
export type JourneyModelSettings =
  | { readonly model: 'first' | 'last' | 'linear' | 'linearUnique' }
  | { readonly model: 'lastNonDirect'; readonly directChannel?: string | undefined }
  | { readonly model: 'timeDecay'; readonly halfLifeDays?: number | undefined }
  | { readonly model: 'positionBased'; readonly first?: number | undefined; readonly last?: number | undefined }
  | {
      readonly model: 'wShaped'
      readonly first?: number | undefined
      readonly lead?: number | undefined
      readonly opportunity?: number | undefined
      readonly rest?: number | undefined
    }
  | {
      readonly model: 'fullPath'
      readonly first?: number | undefined
      readonly lead?: number | undefined
      readonly opportunity?: number | undefined
      readonly close?: number | undefined
      readonly rest?: number | undefined
    }
  | { readonly model: 'custom'; readonly weights: CustomWeights }

/**
 * Raw (unnormalised, non-negative) weights of the windowed touches of one journey, oldest
 * first. `touches` is never empty. The caller normalises them to sum to 1.
 *
 * @param journeyIndex position of the journey, for the issue path of a bad custom weight.
 */
export function rawWeights(
  settings: JourneyModelSettings,
  touches: readonly WindowedTouch[],
  conversion: { readonly at: number; readonly value: number },
  journeyIndex: number,
): number[] {
  const m = touches.length
  const w = new Array<number>(m).fill(0)
  switch (settings.model) {
    case 'first':
      w[0] = 1
      return w
    case 'last':
      w[m - 1] = 1
      return w
    case 'lastNonDirect': {
      const direct = settings.directChannel ?? 'direct'
      let at = m - 1
      while (at > 0 && touches[at]?.channel === direct) at--
      if (touches[at]?.channel === direct) at = m - 1
      w[at] = 1
      return w
    }
    case 'linear':
      return w.fill(1)
    case 'linearUnique': {
      // Each distinct channel gets 1/u, split over its touches so per-touch credits still sum to 1.
      const perChannel = new Map<string, number>()
      for (const t of touches) perChannel.set(t.channel, (perChannel.get(t.channel) ?? 0) + 1)
      return touches.map((t) => 1 / (perChannel.size * (perChannel.get(t.channel) as number)))
    }
    case 'timeDecay': {
      const halfLife = settings.halfLifeDays ?? 7
      // 2^(−age/halfLife), measured from the newest touch (the ratio is the same as from the
      // conversion) so very old windows cannot underflow every weight to zero.
      const newest = (touches[m - 1] as WindowedTouch).at
      return touches.map((t) => 2 ** (-(newest - t.at) / DAY_MS / halfLife))
    }
    case 'positionBased': {
      const first = settings.first ?? 0.4
      const last = settings.last ?? 0.4
      if (m === 1) return [1]
      if (m === 2) return first + last > 0 ? [first, last] : [1, 1]
      const middle = (1 - first - last) / (m - 2)
      return touches.map((_, i) => (i === 0 ? first : i === m - 1 ? last : Math.max(0, middle)))
    }
    case 'wShaped':
      return milestoneWeights(
        touches,
        [
          [0, settings.first ?? 0.3],
          [milestoneIndex(touches, 'lead'), settings.lead ?? 0.3],
          [milestoneIndex(touches, 'opportunity'), settings.opportunity ?? 0.3],
        ],
        settings.rest ?? 0.1,
      )
    case 'fullPath':
      return milestoneWeights(
        touches,
        [
          [0, settings.first ?? 0.225],
          [milestoneIndex(touches, 'lead'), settings.lead ?? 0.225],
          [milestoneIndex(touches, 'opportunity'), settings.opportunity ?? 0.225],
          [m - 1, settings.close ?? 0.225],
        ],
        settings.rest ?? 0.1,
      )
    case 'custom':
      return customWeights(settings.weights, touches, conversion, journeyIndex)
  }
}

function milestoneIndex(touches: readonly WindowedTouch[], milestone: Milestone): number {
  return touches.findIndex((t) => t.milestones.includes(milestone))
}

/**
 * Milestone models: each role (first touch, lead creation, opportunity creation, close)
 * adds its weight to the touch that holds it, so a touch holding two roles gets both; a
 * role whose touch is missing or outside the window drops out (the rest is renormalised);
 * the touches holding no role share `rest` equally.
 */
function milestoneWeights(
  touches: readonly WindowedTouch[],
  roles: readonly (readonly [number, number])[],
  rest: number,
): number[] {
  const w = new Array<number>(touches.length).fill(0)
  const holds = new Array<boolean>(touches.length).fill(false)
  for (const [index, weight] of roles) {
    if (index < 0) continue
    w[index] = (w[index] as number) + weight
    holds[index] = true
  }
  const others = holds.filter((h) => !h).length
  if (others > 0) {
    for (let i = 0; i < touches.length; i++) if (!holds[i]) w[i] = rest / others
  }
  return w
}

function customWeights(
  fn: CustomWeights,
  touches: readonly WindowedTouch[],
  conversion: { readonly at: number; readonly value: number },
  journeyIndex: number,
): number[] {
  const out: unknown = fn(touches, conversion)
  const fail = (message: string) =>
    new ValidationError('invalid custom weights', [{ path: ['journeys', journeyIndex], message, code: 'custom' }])
  if (!Array.isArray(out) || out.length !== touches.length) {
    throw fail(`the weights function must return one weight per windowed touch (${touches.length})`)
  }
  let sum = 0
  for (const v of out) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw fail('weights must be finite numbers >= 0')
    }
    sum += v
  }
  if (sum === 0) throw fail('the weights must not all be zero')
  return out as number[]
}
