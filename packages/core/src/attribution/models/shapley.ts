import { ValidationError } from '../../errors.js'
import type { ChannelCredits } from './heuristics.js'
import { linearUniqueInto } from './heuristics.js'
import type { PreparedPaths } from './prepare.js'

/** Shapley credits plus the raw Shapley value of every channel id. */
export interface ShapleyCredits extends ChannelCredits {
  /** φ of the global game: credited conversions (conversions variant) or Σ_{A∋c} CR(A)/|A|. */
  readonly shapleyValues: Float64Array
}

/**
 * Most distinct channels one path may have under `conversionRate`: its split enumerates
 * the 2^k sub-coalitions of the path's channel set.
 */
export const MAX_COALITION = 15

/**
 * Exact Shapley attribution over channel sets.
 *
 * Both games are additive over observed channel sets: v(S) = Σ_{A ⊆ S} R(A), A running
 * over the distinct channel sets of the paths, R(A) a KPI of the journeys whose channel set
 * is exactly A. Such a game is a sum of unanimity games, so its Shapley value has the
 * closed form φ_j = Σ_{A ∋ j} R(A) / |A| (Zhao, Mahboobi & Bagheri 2018, "Shapley Value
 * Methods for Attribution Modeling in Online Advertising": the simplified Shapley value):
 * exact, with no enumeration of the 2^n coalitions of all channels.
 *
 * - `conversions`: R(A) = conversions, i.e. v(S) = conversions of the paths whose channel
 *   set ⊆ S (the eeghor/mta definition). The values sum to the total conversions
 *   (efficiency) and are the credits; by the closed form they equal `linearUnique`. Exact
 *   for any number of channels.
 * - `conversionRate`: R(A) = conversions / (conversions + nulls) of the journeys with
 *   channel set exactly A (0 for a set never seen), which brings in the non-converting
 *   journeys. Rates are not additive counts, so each path's conversions (and value) are
 *   split among its channel set T in proportion to the simplified Shapley values of the
 *   game restricted to T, φ^T_j = Σ_{A ⊆ T, A ∋ j} CR(A)/|A|: a channel earns more of a
 *   path when the sub-journeys containing it convert better. A single-channel path keeps
 *   its conversions, and the credits sum to the totals. This enumerates the 2^|T|
 *   subsets of each distinct set, exactly, up to {@link MAX_COALITION} distinct channels
 *   on one path. `shapleyValues` are the global φ_j = Σ_{A ∋ j} CR(A)/|A|. A set seen on
 *   few journeys has a noisy rate: aggregate or filter rare paths first.
 *
 * @throws ValidationError (`conversionRate`) when a converting path has more than
 *   {@link MAX_COALITION} distinct channels.
 */
export function shapleyCredits(data: PreparedPaths, variant: 'conversions' | 'conversionRate'): ShapleyCredits {
  const n = data.channels.length
  if (variant === 'conversions') {
    const conversions = new Float64Array(n)
    const value = new Float64Array(n)
    linearUniqueInto(data, conversions, value)
    return { conversions, value, shapleyValues: conversions.slice() }
  }
  return conversionRateShapley(data)
}

/** Up to this many channels a set's index is found in a flat table indexed by its bit mask. */
const TABLE_CHANNELS = 22

interface ChannelSets {
  /** Bit mask → set index (-1 if unseen), up to {@link TABLE_CHANNELS} channels. */
  readonly table: Int32Array | null
  /** Set key → set index beyond that: the exact bit mask Σ 2^id up to 52 channels, else sorted ids. */
  readonly index: Map<number | string, number>
  readonly members: number[][]
  readonly conv: number[]
  readonly nulls: number[]
  readonly value: number[]
  readonly numericKeys: boolean
}

/** Beyond 52 channels a set's key is its sorted ids. */
const stringKey = (ids: readonly number[]) => [...ids].sort((a, b) => a - b).join(',')

/** Groups the paths by the set of channels they touch. */
function groupBySet(data: PreparedPaths): ChannelSets {
  const n = data.channels.length
  const { offsets, touches, conversions, values, nulls } = data
  const numericKeys = n <= 52
  const pow2 = powersOfTwo(n)
  const table = n <= TABLE_CHANNELS ? new Int32Array(2 ** n).fill(-1) : null
  const sets: ChannelSets = { table, index: new Map(), members: [], conv: [], nulls: [], value: [], numericKeys }
  const stamp = new Int32Array(n).fill(-1)
  const ids: number[] = []
  for (let i = 0; i < data.size; i++) {
    const c = conversions[i] as number
    const u = nulls[i] as number
    if (c + u === 0) continue
    ids.length = 0
    let mask = 0
    for (let j = offsets[i] as number; j < (offsets[i + 1] as number); j++) {
      const ch = touches[j] as number
      if (stamp[ch] !== i) {
        stamp[ch] = i
        ids.push(ch)
        mask += pow2[ch] as number
      }
    }
    const key = numericKeys ? mask : stringKey(ids)
    let s = table !== null ? (table[mask] as number) : (sets.index.get(key) ?? -1)
    if (s < 0) {
      s = sets.conv.length
      if (table !== null) table[mask] = s
      else sets.index.set(key, s)
      sets.members.push(ids.slice())
      sets.conv.push(0)
      sets.nulls.push(0)
      sets.value.push(0)
    }
    sets.conv[s] = (sets.conv[s] as number) + c
    sets.nulls[s] = (sets.nulls[s] as number) + u
    sets.value[s] = (sets.value[s] as number) + (values[i] as number)
  }
  return sets
}

function conversionRateShapley(data: PreparedPaths): ShapleyCredits {
  const n = data.channels.length
  const sets = groupBySet(data)
  const rate = sets.conv.map((c, s) => c / (c + (sets.nulls[s] as number)))
  const shapleyValues = new Float64Array(n)
  sets.members.forEach((members, s) => {
    for (const ch of members) shapleyValues[ch] = (shapleyValues[ch] as number) + (rate[s] as number) / members.length
  })
  const conversions = new Float64Array(n)
  const value = new Float64Array(n)
  // Scratch for the sub-coalitions of one set: key and size by local bit mask, each built
  // from the mask without its lowest bit, so a subset costs O(1) plus one lookup.
  const keys = new Float64Array(1 << MAX_COALITION)
  const { table } = sets
  const pow2 = powersOfTwo(n)
  const sizes = new Uint8Array(1 << MAX_COALITION)
  const phi = new Float64Array(MAX_COALITION)
  const sub: number[] = []
  sets.members.forEach((members, s) => {
    const conv = sets.conv[s] as number
    if (conv === 0) return
    const k = members.length
    if (k > MAX_COALITION) throw tooManyChannels(k)
    phi.fill(0, 0, k)
    // φ^T over the 2^k sub-coalitions A of T: each observed A adds CR(A)/|A| to its members.
    for (let mask = 1; mask < 1 << k; mask++) {
      const low = mask & -mask
      const bit = 31 - Math.clz32(low)
      const rest = mask ^ low
      sizes[mask] = (sizes[rest] as number) + 1
      let a: number
      if (sets.numericKeys) {
        keys[mask] = (keys[rest] as number) + (pow2[members[bit] as number] as number)
        a = table !== null ? (table[keys[mask] as number] as number) : (sets.index.get(keys[mask] as number) ?? -1)
      } else {
        sub.length = 0
        for (let b = 0; b < k; b++) if (mask & (1 << b)) sub.push(members[b] as number)
        a = sets.index.get(stringKey(sub)) ?? -1
      }
      if (a < 0) continue
      const share = (rate[a] as number) / (sizes[mask] as number)
      for (let m = mask; m !== 0; m &= m - 1) {
        const b = 31 - Math.clz32(m & -m)
        phi[b] = (phi[b] as number) + share
      }
    }
    let sum = 0
    for (let b = 0; b < k; b++) sum += phi[b] as number
    // sum > 0: T itself was seen converting, so CR(T) > 0.
    const setValue = sets.value[s] as number
    for (let b = 0; b < k; b++) {
      const ch = members[b] as number
      const w = (phi[b] as number) / sum
      conversions[ch] = (conversions[ch] as number) + conv * w
      value[ch] = (value[ch] as number) + setValue * w
    }
  })
  return { conversions, value, shapleyValues }
}

function tooManyChannels(k: number): ValidationError {
  return new ValidationError('shapley conversionRate: a path touches too many channels', [
    {
      path: ['variant'],
      message:
        `a converting path has ${k} distinct channels; the conversionRate split is exact up to ${MAX_COALITION}. ` +
        "Use variant 'conversions', 'linearUnique' or 'markov' for such data",
      code: 'custom',
    },
  ])
}

/** 2^i for every channel id below 53 (exact doubles; `2 ** i` in a hot loop is slow). */
function powersOfTwo(n: number): Float64Array {
  const pow2 = new Float64Array(Math.min(n, 53))
  for (let i = 0; i < pow2.length; i++) pow2[i] = 2 ** i
  return pow2
}
