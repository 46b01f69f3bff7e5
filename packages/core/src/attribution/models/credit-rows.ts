import type { ChannelCredit } from './types.js'

/**
 * Turns per-id credit arrays into result rows, most credited first (ties by value, then by
 * channel name in JavaScript string order, so the order never depends on input order).
 *
 * `universe` lists channels the caller wants reported even if no path mentions them; they
 * get zero rows, and `extra(-1)` supplies their model-specific fields.
 */
export function creditRows<E extends object>(
  names: readonly string[],
  conversions: Float64Array,
  value: Float64Array,
  universe: readonly string[] | undefined,
  extra: (id: number) => E,
): (ChannelCredit & E)[] {
  let credited = 0
  for (let i = 0; i < conversions.length; i++) credited += conversions[i] as number
  const rows: (ChannelCredit & E)[] = []
  for (let id = 0; id < names.length; id++) {
    const c = conversions[id] as number
    rows.push({
      channel: names[id] as string,
      conversions: c,
      value: value[id] as number,
      share: credited > 0 ? c / credited : 0,
      ...extra(id),
    })
  }
  if (universe !== undefined && universe.length > 0) {
    const known = new Set(names)
    for (const channel of universe) {
      if (known.has(channel)) continue
      known.add(channel)
      rows.push({ channel, conversions: 0, value: 0, share: 0, ...extra(-1) })
    }
  }
  rows.sort(
    (a, b) =>
      b.conversions - a.conversions ||
      b.value - a.value ||
      (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0),
  )
  return rows
}

/** Scales `weights` to sum to `total` (all zeros when the weights sum to zero). */
export function normalise(weights: Float64Array, total: number): Float64Array {
  let sum = 0
  for (let i = 0; i < weights.length; i++) sum += weights[i] as number
  const out = new Float64Array(weights.length)
  if (sum > 0) {
    const scale = total / sum
    for (let i = 0; i < weights.length; i++) out[i] = (weights[i] as number) * scale
  }
  return out
}
