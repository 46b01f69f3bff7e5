import type { PreparedPaths } from './prepare.js'

/** Conversions and value credited to each channel id. */
export interface ChannelCredits {
  readonly conversions: Float64Array
  readonly value: Float64Array
}

/** The position-based models over aggregated paths. */
export type HeuristicModel = 'first' | 'last' | 'lastNonDirect' | 'linear' | 'linearUnique'

/**
 * Credits one heuristic model. One pass over the touches, no allocation per path: each
 * model has its own loop so the per-touch work stays branch-free.
 *
 * @param directId channel id of the "direct" channel for `lastNonDirect` (-1 if absent).
 */
export function heuristicCredits(data: PreparedPaths, model: HeuristicModel, directId = -1): ChannelCredits {
  const n = data.channels.length
  const credit = new Float64Array(n)
  const worth = new Float64Array(n)
  const { offsets, touches, conversions, values } = data
  const size = data.size
  switch (model) {
    case 'first':
    case 'last':
    case 'lastNonDirect':
      for (let i = 0; i < size; i++) {
        const c = conversions[i] as number
        if (c === 0) continue
        const start = offsets[i] as number
        const end = offsets[i + 1] as number
        let at = model === 'first' ? start : end - 1
        if (model === 'lastNonDirect') {
          // Google Analytics' rule: skip trailing direct visits; an all-direct path stays direct.
          while (at > start && touches[at] === directId) at--
          if (touches[at] === directId) at = end - 1
        }
        const ch = touches[at] as number
        credit[ch] = (credit[ch] as number) + c
        worth[ch] = (worth[ch] as number) + (values[i] as number)
      }
      break
    case 'linear':
      for (let i = 0; i < size; i++) {
        const c = conversions[i] as number
        if (c === 0) continue
        const start = offsets[i] as number
        const end = offsets[i + 1] as number
        const share = c / (end - start)
        const shareValue = (values[i] as number) / (end - start)
        for (let j = start; j < end; j++) {
          const ch = touches[j] as number
          credit[ch] = (credit[ch] as number) + share
          worth[ch] = (worth[ch] as number) + shareValue
        }
      }
      break
    case 'linearUnique':
      linearUniqueInto(data, credit, worth)
      break
  }
  return { conversions: credit, value: worth }
}

/**
 * Each distinct channel of a path gets an equal share. A stamp array marks the channels
 * already seen in the current path, so no per-path set is allocated.
 */
export function linearUniqueInto(data: PreparedPaths, credit: Float64Array, worth: Float64Array): void {
  const { offsets, touches, conversions, values } = data
  const stamp = new Int32Array(data.channels.length).fill(-1)
  for (let i = 0; i < data.size; i++) {
    const c = conversions[i] as number
    if (c === 0) continue
    const start = offsets[i] as number
    const end = offsets[i + 1] as number
    let distinct = 0
    for (let j = start; j < end; j++) {
      const ch = touches[j] as number
      if (stamp[ch] !== i) {
        stamp[ch] = i
        distinct++
      }
    }
    const share = c / distinct
    const shareValue = (values[i] as number) / distinct
    // Second pass: flip the stamp so each distinct channel is credited once.
    const done = -2 - i
    for (let j = start; j < end; j++) {
      const ch = touches[j] as number
      if (stamp[ch] === i) {
        stamp[ch] = done
        credit[ch] = (credit[ch] as number) + share
        worth[ch] = (worth[ch] as number) + shareValue
      }
    }
  }
}
