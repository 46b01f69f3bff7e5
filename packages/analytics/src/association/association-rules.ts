import { integerIn, invalid, numberIn } from '../internal/validate.js'

/** A set of items bought together in at least `minSupport` of the transactions. */
export interface FrequentItemset {
  /** Items, sorted by code point. */
  readonly items: string[]
  /** Transactions containing every item. */
  readonly count: number
  /** count / number of transactions. */
  readonly support: number
}

/** "Who buys `antecedent` also buys `consequent`". */
export interface AssociationRule {
  /** Items already in the basket (sorted). */
  readonly antecedent: string[]
  /** The suggested item (one item, as in arules' default). */
  readonly consequent: string[]
  /** Share of transactions containing antecedent and consequent. */
  readonly support: number
  /** P(consequent | antecedent). */
  readonly confidence: number
  /** confidence / P(consequent): > 1 means the antecedent makes the consequent more likely. */
  readonly lift: number
  /** Transactions containing antecedent and consequent. */
  readonly count: number
}

/** Options of {@link frequentItemsets}. */
export interface ItemsetOptions {
  /** Minimum share of transactions, in (0, 1]. */
  readonly minSupport: number
  /** Largest itemset size to mine. Default 10. */
  readonly maxLength?: number
}

/** Options of {@link associationRules}. */
export interface AssociationRuleOptions extends ItemsetOptions {
  /** Minimum confidence, in [0, 1]. */
  readonly minConfidence: number
}

interface FpNode {
  readonly item: number
  count: number
  readonly parent: FpNode | null
  readonly children: Map<number, FpNode>
  next: FpNode | null
}

interface Tree {
  readonly root: FpNode
  /** First node of each item's linked list. */
  readonly heads: (FpNode | null)[]
  readonly counts: number[]
}

/** Builds an FP-tree of weighted paths over item indices already ordered by global frequency. */
function buildTree(
  paths: readonly { items: readonly number[]; count: number }[],
  itemCount: number,
  minCount: number,
): Tree {
  const counts = new Array<number>(itemCount).fill(0)
  for (const p of paths) for (const it of p.items) counts[it]! += p.count
  const root: FpNode = { item: -1, count: 0, parent: null, children: new Map(), next: null }
  const heads = new Array<FpNode | null>(itemCount).fill(null)
  for (const p of paths) {
    let node = root
    for (const it of p.items) {
      if (counts[it]! < minCount) continue
      let child = node.children.get(it)
      if (child === undefined) {
        child = { item: it, count: 0, parent: node, children: new Map(), next: heads[it]! }
        heads[it] = child
        node.children.set(it, child)
      }
      child.count += p.count
      node = child
    }
  }
  return { root, heads, counts }
}

/** FP-growth (Han, Pei & Yin 2000): every frequent itemset with its count, keyed by sorted item indices. */
function mine(tree: Tree, suffix: number[], minCount: number, maxLength: number, out: Map<string, number>): void {
  // Least frequent items first: their conditional trees are the smallest.
  for (let item = tree.heads.length - 1; item >= 0; item--) {
    const support = tree.counts[item]!
    if (support < minCount || tree.heads[item] === null) continue
    const itemset = [item, ...suffix]
    out.set([...itemset].sort((a, b) => a - b).join(','), support)
    if (itemset.length >= maxLength) continue
    const base: { items: number[]; count: number }[] = []
    for (let node = tree.heads[item] ?? null; node !== null; node = node.next) {
      const path: number[] = []
      for (let up = node.parent; up !== null && up.item >= 0; up = up.parent) path.push(up.item)
      if (path.length > 0) base.push({ items: path.reverse(), count: node.count })
    }
    if (base.length > 0) mine(buildTree(base, tree.heads.length, minCount), itemset, minCount, maxLength, out)
  }
}

interface Mined {
  readonly names: string[]
  readonly n: number
  readonly counts: Map<string, number>
}

function mineTransactions(transactions: readonly (readonly string[])[], options: ItemsetOptions): Mined {
  if (!Array.isArray(transactions) || transactions.length === 0) invalid(['transactions'], 'expected a non-empty array')
  const minSupport = numberIn(options.minSupport, Number.MIN_VALUE, 1, ['minSupport'])
  const maxLength = integerIn(options.maxLength ?? 10, 1, 1000, ['maxLength'])
  const n = transactions.length
  const baskets = transactions.map((t, i) => {
    if (!Array.isArray(t) || !t.every((item) => typeof item === 'string'))
      invalid(['transactions', i], 'expected an array of item names')
    return [...new Set(t)]
  })
  const frequency = new Map<string, number>()
  for (const b of baskets) for (const item of b) frequency.set(item, (frequency.get(item) ?? 0) + 1)
  // arules' rule: support = count / n >= minSupport (compared as a fraction, not as a rounded count)
  const names = [...frequency.entries()]
    .filter(([, c]) => c / n >= minSupport)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([name]) => name)
  const index = new Map(names.map((name, i) => [name, i]))
  // Smallest count c with c / n >= minSupport, computed in the same floating point as the filter above.
  let minCount = Math.max(1, Math.ceil(minSupport * n))
  while (minCount > 1 && (minCount - 1) / n >= minSupport) minCount--
  while (minCount / n < minSupport) minCount++
  const paths = baskets.map((b) => ({
    items: b
      .map((item) => index.get(item))
      .filter((i): i is number => i !== undefined)
      .sort((a, c) => a - c),
    count: 1,
  }))
  const counts = new Map<string, number>()
  if (names.length > 0) mine(buildTree(paths, names.length, minCount), [], minCount, maxLength, counts)
  return { names, n, counts }
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Frequent itemsets by FP-growth: every set of items contained in at least `minSupport` of the
 * transactions, with its count and support. Duplicate items within a transaction count once.
 *
 * @example
 * ```ts
 * frequentItemsets([['milk', 'bread'], ['milk', 'eggs'], ['milk', 'bread', 'eggs']], { minSupport: 0.5 })
 * ```
 */
export function frequentItemsets(
  transactions: readonly (readonly string[])[],
  options: ItemsetOptions,
): FrequentItemset[] {
  const { names, n, counts } = mineTransactions(transactions, options)
  return [...counts.entries()]
    .map(([key, count]) => ({
      items: key
        .split(',')
        .map((i) => names[Number(i)]!)
        .sort(byName),
      count,
      support: count / n,
    }))
    .sort(
      (a, b) =>
        b.count - a.count || a.items.length - b.items.length || byName(a.items.join('\u0000'), b.items.join('\u0000')),
    )
}

/**
 * Association rules for cross-sell and upsell: from the frequent itemsets (FP-growth), every rule
 * X ⇒ {y} with a one-item consequent (arules' default) whose confidence reaches `minConfidence`,
 * with support, confidence and lift. Sorted by lift, then confidence, then support (descending).
 *
 * @example
 * ```ts
 * const rules = associationRules(baskets, { minSupport: 0.01, minConfidence: 0.3 })
 * rules.filter((r) => r.antecedent.includes('crm-basic')) // what to offer next
 * ```
 */
export function associationRules(
  transactions: readonly (readonly string[])[],
  options: AssociationRuleOptions,
): AssociationRule[] {
  const minConfidence = numberIn(options.minConfidence, 0, 1, ['minConfidence'])
  const { names, n, counts } = mineTransactions(transactions, options)
  const rules: AssociationRule[] = []
  for (const [key, count] of counts) {
    const items = key.split(',').map(Number)
    if (items.length < 2) continue
    for (let k = 0; k < items.length; k++) {
      const antecedent = items.filter((_, i) => i !== k)
      const antecedentCount = counts.get(antecedent.join(','))!
      const consequentCount = counts.get(String(items[k]))!
      const confidence = count / antecedentCount
      if (confidence < minConfidence) continue
      rules.push({
        antecedent: antecedent.map((i) => names[i]!).sort(byName),
        consequent: [names[items[k]!]!],
        support: count / n,
        confidence,
        lift: (confidence * n) / consequentCount,
        count,
      })
    }
  }
  return rules.sort(
    (a, b) =>
      b.lift - a.lift ||
      b.confidence - a.confidence ||
      b.support - a.support ||
      byName(
        [...a.antecedent, '', ...a.consequent].join('\u0000'),
        [...b.antecedent, '', ...b.consequent].join('\u0000'),
      ),
  )
}
