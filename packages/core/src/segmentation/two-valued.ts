/**
 * Segment membership is a yes/no question, but the filter tree has three-valued logic: a
 * condition on a NULL field is UNKNOWN, and `not UNKNOWN` is UNKNOWN. `{ not: { inSegment } }`
 * must select every non-member, so a referenced segment's filter is rewritten into one that is
 * TRUE exactly where the original is TRUE and FALSE everywhere else, using only nodes every
 * adapter already evaluates: a scalar condition `c` on field `f` becomes `f isSet AND c`
 * (FALSE AND UNKNOWN is FALSE), and `not x` becomes "x is FALSE", pushed down the same way.
 */
import type { FilterTarget, ResolvedFilter } from '../filter/types.js'

type Condition = Extract<ResolvedFilter, { kind: 'condition' }>

/** Conditions that are never UNKNOWN: presence tests, and every test of an array field. */
function neverUnknown(node: Condition): boolean {
  return node.target.type === 'stringArray' || node.op === 'isSet' || node.op === 'isNotSet'
}

const isSet = (target: FilterTarget): ResolvedFilter => ({ kind: 'condition', target, op: 'isSet' })

/** A filter TRUE where `node` is TRUE and FALSE where it is FALSE or UNKNOWN. */
export function isTrue(node: ResolvedFilter): ResolvedFilter {
  switch (node.kind) {
    case 'all':
    case 'any':
      return { kind: node.kind, nodes: node.nodes.map(isTrue) }
    case 'not':
      return isFalse(node.node)
    case 'condition':
      return neverUnknown(node) ? node : { kind: 'all', nodes: [isSet(node.target), node] }
    default:
      // Nodes of later language versions are two-valued unless rewritten here.
      return node
  }
}

/** A filter TRUE where `node` is FALSE, and FALSE where it is TRUE or UNKNOWN. */
export function isFalse(node: ResolvedFilter): ResolvedFilter {
  switch (node.kind) {
    case 'all':
      return { kind: 'any', nodes: node.nodes.map(isFalse) }
    case 'any':
      return { kind: 'all', nodes: node.nodes.map(isFalse) }
    case 'not':
      return isTrue(node.node)
    case 'condition': {
      const negated: ResolvedFilter = { kind: 'not', node }
      return neverUnknown(node) ? negated : { kind: 'all', nodes: [isSet(node.target), negated] }
    }
    default:
      return { kind: 'not', node }
  }
}
