/** An inclusive score range [min, max] on the 1..bins scale. */
export type ScoreRange = readonly [min: number, max: number]

/** A named RFM segment: customers whose three scores all fall in the given inclusive ranges. */
export interface RfmSegmentRule {
  /** Segment name reported for matching customers. */
  readonly name: string
  /** Allowed recency scores. */
  readonly recency: ScoreRange
  /** Allowed frequency scores. */
  readonly frequency: ScoreRange
  /** Allowed monetary scores. */
  readonly monetary: ScoreRange
}

/** Name given to customers no rule matches (as in the rfm package). */
export const OTHERS_SEGMENT = 'Others'

/**
 * The segment rules of the R rfm package's own tests and examples (tests/testthat/test-rfm-segment.R,
 * rfm 0.3.0), for 5 bins. Rules are tried in order and the first match wins, as in rfm 0.3.0's
 * `rfm_segment`; customers no rule matches are "Others".
 */
export const defaultRfmSegments: readonly RfmSegmentRule[] = [
  { name: 'Champions', recency: [4, 5], frequency: [4, 5], monetary: [4, 5] },
  { name: 'Loyal Customers', recency: [2, 5], frequency: [3, 5], monetary: [3, 5] },
  { name: 'Potential Loyalist', recency: [3, 5], frequency: [1, 3], monetary: [1, 3] },
  { name: 'New Customers', recency: [4, 5], frequency: [1, 1], monetary: [1, 1] },
  { name: 'Promising', recency: [3, 4], frequency: [1, 1], monetary: [1, 1] },
  { name: 'Need Attention', recency: [2, 3], frequency: [2, 3], monetary: [2, 3] },
  { name: 'About To Sleep', recency: [2, 3], frequency: [1, 2], monetary: [1, 2] },
  { name: 'At Risk', recency: [1, 2], frequency: [2, 5], monetary: [2, 5] },
  { name: "Can't Lose Them", recency: [1, 1], frequency: [4, 5], monetary: [4, 5] },
  { name: 'Lost', recency: [1, 2], frequency: [1, 2], monetary: [1, 2] },
]

const within = (score: number, [min, max]: ScoreRange): boolean => score >= min && score <= max

/** Name of the first rule matching the three scores, or {@link OTHERS_SEGMENT}. */
export function segmentOf(
  rules: readonly RfmSegmentRule[],
  recency: number,
  frequency: number,
  monetary: number,
): string {
  for (const rule of rules) {
    if (within(recency, rule.recency) && within(frequency, rule.frequency) && within(monetary, rule.monetary)) {
      return rule.name
    }
  }
  return OTHERS_SEGMENT
}
