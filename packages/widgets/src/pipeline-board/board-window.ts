/**
 * Windowing of one board column: only the cards in view (plus an overscan) are in the DOM, and
 * padding above and below keeps the scroll height. Cards have one fixed height (a CSS token),
 * so the window is arithmetic, with no measuring per card.
 *
 * Why not @lit-labs/virtualizer here: it positions every child with a transform, so inserting
 * one card on top of a column rewrites the style of every visible card below it (tens of DOM
 * mutations per move). Here the cards flow in normal layout, and a move shifts the window by
 * one card instead of recomputing it: a move costs the removed and the inserted card only.
 */

/** The rendered slice `[start, start + count)` of a column. */
export interface ColumnWindow {
  readonly start: number
  readonly count: number
}

/** Cards rendered beyond each edge of the viewport. */
export const OVERSCAN = 4

/** The window showing `scrollTop..scrollTop+height` of a column of `length` cards of `stride` px. */
export function windowFor(scrollTop: number, height: number, stride: number, length: number): ColumnWindow {
  const first = Math.floor(scrollTop / stride)
  const start = Math.max(0, first - OVERSCAN)
  const end = Math.min(length, first + Math.ceil(height / stride) + OVERSCAN)
  return { start, count: Math.max(0, end - start) }
}

/**
 * The window after one card left (`removedAt`) or entered (`insertedAt`) the column. A change
 * inside the window grows or shrinks it by one, so the other cards stay and the paddings stay
 * equal; a change above it shifts it; below it changes nothing. `minCount` (the cards needed
 * to fill the viewport) triggers a full recompute when the window has shrunk too far.
 */
export function shiftWindow(win: ColumnWindow, change: { removedAt?: number; insertedAt?: number }): ColumnWindow {
  let { start, count } = win
  if (change.removedAt !== undefined) {
    if (change.removedAt < start) start -= 1
    else if (change.removedAt < start + count) count -= 1
  }
  if (change.insertedAt !== undefined) {
    if (change.insertedAt < start) start += 1
    else if (change.insertedAt <= start + count) count += 1
  }
  return { start: Math.max(0, start), count: Math.max(0, count) }
}

/** The window moved so that `index` is inside it (at least `size` cards). */
export function windowAround(index: number, size: number, length: number): ColumnWindow {
  const count = Math.min(length, Math.max(size, 1))
  const start = Math.max(0, Math.min(index - Math.floor(count / 2), length - count))
  return { start, count }
}
