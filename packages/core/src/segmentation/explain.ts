/**
 * `t.segments.explain(id, contactId)`: why a contact is or is not in a saved segment. A dynamic
 * segment's condition is resolved as membership resolves it (references expanded, related
 * conditions and prefixed fields included) and explained by the one explainer
 * `t.contacts.explain` uses (`explain-tree.ts`), references shown as `inSegment` nodes. A static
 * segment explains as its membership.
 */
import type { ResolvedFilter } from '../filter/types.js'
import type { Scope } from '../shared/scope.js'
import { explainRecord } from './explain-contact.js'
import type { ExplainNode } from './explain-tree.js'
import type { Segment } from './records.js'
import { SegmentExpander } from './references.js'

/** The answer of `t.segments.explain`. */
export interface SegmentExplanation {
  readonly segmentId: string
  readonly contactId: string
  /** Whether the contact is a member now (the tree's root held). */
  readonly member: boolean
  /**
   * How membership was decided: the condition tree, each node with whether it held and the
   * values that decided it; for a static segment one `inSegment` node (listed or not).
   */
  readonly tree: ExplainNode
}

/** Explain `contactId`'s membership of `segment` (its condition already validated on save). */
export async function explainMembership(
  scope: Scope,
  segment: Segment,
  contactId: string,
): Promise<SegmentExplanation> {
  const expander = new SegmentExpander(scope, scope.storage)
  const references = new Map<ResolvedFilter, string>()
  // A static segment is its member list: explain it as a reference to itself.
  const filter =
    segment.kind === 'static'
      ? await expander.resolve({ inSegment: segment.id }, [], (e) => e, references)
      : await expander.resolve(segment.where, [segment.id], (e) => e, references)
  const tree = await explainRecord(scope, 'contacts', 'contact', filter, contactId, references)
  return { segmentId: segment.id, contactId, member: tree.held === true, tree }
}
