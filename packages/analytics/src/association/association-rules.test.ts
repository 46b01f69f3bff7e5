import { ValidationError } from '@crmkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { associationRules, frequentItemsets } from './association-rules.js'

const baskets = [
  ['bread', 'milk'],
  ['bread', 'diapers', 'beer', 'eggs'],
  ['milk', 'diapers', 'beer', 'cola'],
  ['bread', 'milk', 'diapers', 'beer'],
  ['bread', 'milk', 'diapers', 'cola'],
]

/** Every subset of the item universe, counted by brute force. */
function bruteForce(transactions: string[][], minSupport: number): Map<string, number> {
  const universe = [...new Set(transactions.flat())].sort()
  const out = new Map<string, number>()
  for (let mask = 1; mask < 1 << universe.length; mask++) {
    const set = universe.filter((_, i) => mask & (1 << i))
    const count = transactions.filter((t) => set.every((item) => t.includes(item))).length
    if (count / transactions.length >= minSupport) out.set(set.join('|'), count)
  }
  return out
}

describe('associationRules', () => {
  it('finds the textbook rule {diapers} => {beer} with its support, confidence and lift', () => {
    const rules = associationRules(baskets, { minSupport: 0.4, minConfidence: 0.6 })
    const rule = rules.find((r) => r.antecedent.join() === 'diapers' && r.consequent.join() === 'beer')!
    expect(rule.support).toBeCloseTo(3 / 5, 12)
    expect(rule.confidence).toBeCloseTo(3 / 4, 12)
    expect(rule.lift).toBeCloseTo(3 / 4 / (3 / 5), 12)
    expect(rules.every((r) => r.confidence >= 0.6 && r.support >= 0.4)).toBe(true)
    for (let i = 1; i < rules.length; i++) expect(rules[i]!.lift).toBeLessThanOrEqual(rules[i - 1]!.lift)
  })

  it('FP-growth finds exactly the itemsets brute force finds (property)', () => {
    const item = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { maxLength: 6 }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (transactions, minSupport) => {
          const found = new Map(frequentItemsets(transactions, { minSupport }).map((s) => [s.items.join('|'), s.count]))
          const deduped: string[][] = transactions.map((t) => [...new Set<string>(t)])
          expect(found).toEqual(bruteForce(deduped, minSupport))
          for (const r of associationRules(transactions, { minSupport, minConfidence: 0 })) {
            const all = [...r.antecedent, ...r.consequent]
            const withBoth = deduped.filter((t) => all.every((x) => t.includes(x))).length
            const withX = deduped.filter((t) => r.antecedent.every((x) => t.includes(x))).length
            const withY = deduped.filter((t) => t.includes(r.consequent[0]!)).length
            expect(r.count).toBe(withBoth)
            expect(r.confidence).toBeCloseTo(withBoth / withX, 12)
            expect(r.lift).toBeCloseTo(withBoth / withX / (withY / deduped.length), 12)
          }
        },
      ),
    )
  })

  it('respects maxLength and rejects bad options', () => {
    expect(frequentItemsets(baskets, { minSupport: 0.2, maxLength: 2 }).every((s) => s.items.length <= 2)).toBe(true)
    expect(() => associationRules(baskets, { minSupport: 0, minConfidence: 0.5 })).toThrow(ValidationError)
    expect(() => associationRules([], { minSupport: 0.1, minConfidence: 0.5 })).toThrow(ValidationError)
  })
})
