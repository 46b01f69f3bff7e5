/**
 * Work-around for lit/lit#5298 (lit-html >= 3.3.1, fix PR #5299 not released as of 3.3.3):
 * `removePart()` removes a part's start marker but leaves its end-marker comment behind. The
 * virtualizer's `repeat()` removes a part for every row that scrolls out, so orphan `<!---->`
 * comments pile up in the scroller (one per row scrolled past) and frame time grows with them.
 *
 * Each live row part is `<!--start--> <row element> <!--end-->`; the container part's marker comes
 * first. A comment between two comments (or a comment and the end), and not first in the host, is an
 * orphan: no live part starts or ends at it (a part's start marker is followed by its row, its end
 * marker follows it), so removing it changes no part. Once lit ships the fix, nothing matches and this is a no-op.
 */

/** Remove orphan marker comments among `host`'s children; returns how many were removed. */
export function sweepOrphanMarkers(host: Element): number {
  let removed = 0
  let node = host.firstChild
  let first = true
  while (node) {
    const next: ChildNode | null = node.nextSibling
    if (node.nodeType === Node.COMMENT_NODE && !first) {
      const before = node.previousSibling
      if (before?.nodeType === Node.COMMENT_NODE && (next === null || next.nodeType === Node.COMMENT_NODE)) {
        node.remove()
        removed++
        node = next
        continue
      }
    }
    first = false
    node = next
  }
  return removed
}
