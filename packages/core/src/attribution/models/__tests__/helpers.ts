/** Shared generators and comparisons for the attribution tests (not shipped). */
import fc from 'fast-check'
import { expect } from 'vitest'
import type { AggregatedPath } from '../schemas.js'
import type { ChannelCredit } from '../types.js'

export const POOL = ['a', 'b', 'c', 'd', 'e', 'f'] as const

/** One aggregated path over `pool`; `value` only when it converts. */
export function pathArb(pool: readonly string[] = POOL, maxLength = 7): fc.Arbitrary<AggregatedPath> {
  return fc
    .record({
      path: fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength }),
      conversions: fc.integer({ min: 0, max: 6 }),
      nulls: fc.integer({ min: 0, max: 12 }),
      value: fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }),
    })
    .map(({ path, conversions, nulls, value }) =>
      conversions > 0 ? { path, conversions, nulls, value } : { path, conversions, nulls },
    )
}

/** A data set with at least one conversion. */
export function pathsArb(pool: readonly string[] = POOL, maxRows = 12): fc.Arbitrary<AggregatedPath[]> {
  return fc
    .array(pathArb(pool), { minLength: 1, maxLength: maxRows })
    .filter((rows) => rows.some((r) => r.conversions > 0))
}

/** Credits keyed by channel. */
export function byChannel<T extends ChannelCredit>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.channel, r]))
}

/** |a − b| ≤ rel · max(1, |a|, |b|): relative for large numbers, absolute near zero. */
export function expectClose(actual: number, expected: number, rel = 1e-9, label = ''): void {
  const scale = Math.max(1, Math.abs(actual), Math.abs(expected))
  if (!(Math.abs(actual - expected) <= rel * scale)) {
    expect.fail(`${label}: ${actual} is not within ${rel} (relative) of ${expected}`)
  }
}

/** Sum of a field over the rows. */
export function total<T>(rows: readonly T[], pick: (row: T) => number): number {
  return rows.reduce((s, r) => s + pick(r), 0)
}
