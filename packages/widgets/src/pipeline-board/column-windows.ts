/**
 * The windows of a board's long columns as a reactive controller: which slice of each column is
 * rendered, the measured card stride and column height, scrolling, moves, and the idle upkeep.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { sweepOrphanMarkers } from '../contact-list/marker-sweep.js'
import type { Column } from './board-model.js'
import { type ColumnWindow, OVERSCAN, shiftWindow, windowAround, windowFor } from './board-window.js'

/** Card height + gap in px before the first card was measured. */
const DEFAULT_STRIDE = 88

/** What the controller needs of its board. */
export interface WindowHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment
  /** Columns longer than this are windowed. */
  readonly virtualizeThreshold: number
  /** The current column of a stage. */
  columnOf(stageId: string): Column | undefined
}

/** Per-column windows of one board. */
export class ColumnWindows implements ReactiveController {
  /** Card height + row gap, px. */
  stride = DEFAULT_STRIDE
  /** Height of a column's scrolling body, px. */
  private viewport = 600
  /**
   * Not reactive state: a column gets its window the first time it renders windowed, and
   * scrolling and moves change it and request the update themselves.
   */
  private readonly windows = new Map<string, ColumnWindow>()
  private resizeObserver: ResizeObserver | undefined
  private upkeepPending = false

  constructor(private readonly host: WindowHost) {
    host.addController(this)
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.resizeObserver?.disconnect()
    this.resizeObserver = undefined
  }

  hostUpdated(): void {
    const board = this.host.renderRoot.querySelector<HTMLElement>('.board')
    if (board && !this.resizeObserver) {
      // Stride and height are measured when the board first shows and when it resizes, not on
      // every update (a forced layout each time).
      this.resizeObserver = new ResizeObserver(() => this.measure())
      this.resizeObserver.observe(board)
    }
  }

  /** Forget every window (a new load). */
  reset(): void {
    this.windows.clear()
  }

  /** Whether a column of this length is windowed. */
  windowed(length: number): boolean {
    return length > this.host.virtualizeThreshold
  }

  /** The rendered slice of a column (all of it below the threshold). */
  of(stageId: string, column: Column): ColumnWindow {
    if (!this.windowed(column.length)) return { start: 0, count: column.length }
    const win = this.windows.get(stageId)
    // A window shrunk by moves out of it is kept while it still fills the viewport.
    if (win && win.start + win.count <= column.length && win.count > Math.ceil(this.viewport / this.stride)) return win
    const next = windowFor(this.body(stageId)?.scrollTop ?? 0, this.viewport, this.stride, column.length)
    this.windows.set(stageId, next)
    return next
  }

  /**
   * A card moved: the two windows shift by one card instead of being recomputed, so the move
   * adds and removes that card only. The upkeep grows them back later.
   */
  moved(from: { stageId: string; index: number }, to: { stageId: string; index: number }): void {
    const shift = (stageId: string, change: { removedAt?: number; insertedAt?: number }) => {
      const win = this.windows.get(stageId)
      if (win) this.windows.set(stageId, shiftWindow(win, change))
    }
    if (from.stageId === to.stageId) shift(from.stageId, { removedAt: from.index, insertedAt: to.index })
    else {
      shift(from.stageId, { removedAt: from.index })
      shift(to.stageId, { insertedAt: to.index })
    }
    this.scheduleUpkeep()
  }

  /** Make `index` of a stage's column part of its window. */
  reveal(stageId: string, index: number): void {
    const column = this.host.columnOf(stageId)
    if (!column || !this.windowed(column.length)) return
    const win = this.of(stageId, column)
    if (index >= win.start && index < win.start + win.count) return
    this.windows.set(stageId, windowAround(index, win.count, column.length))
    this.host.requestUpdate()
  }

  /** The `scroll` listener of a column body. */
  scrolled(stageId: string, body: HTMLElement): void {
    const column = this.host.columnOf(stageId)
    if (!column || !this.windowed(column.length)) return
    const next = windowFor(body.scrollTop, this.viewport, this.stride, column.length)
    const win = this.windows.get(stageId)
    if (win?.start !== next.start || win.count !== next.count) {
      this.windows.set(stageId, next)
      this.host.requestUpdate()
      this.scheduleUpkeep()
    }
  }

  private body(stageId: string) {
    return this.host.renderRoot.querySelector<HTMLElement>(
      `[data-stage-id="${CSS.escape(stageId)}"] [part="column-body"]`,
    )
  }

  private measure() {
    const card = this.host.renderRoot.querySelector<HTMLElement>('[part~="card"]')
    const body = this.host.renderRoot.querySelector<HTMLElement>('[part="column-body"]')
    let changed = false
    if (card?.parentElement) {
      const gap = Number.parseFloat(getComputedStyle(card.parentElement).rowGap) || 0
      const stride = card.offsetHeight + gap
      if (stride > 0 && stride !== this.stride) {
        this.stride = stride
        changed = true
      }
    }
    if (body && body.clientHeight > 0 && body.clientHeight !== this.viewport) {
      this.viewport = body.clientHeight
      changed = true
    }
    if (changed) {
      this.windows.clear()
      this.host.requestUpdate()
    }
  }

  /**
   * Work a move or a scroll leaves for later, done when the browser is idle so it stays out of
   * the interaction's frame: windows shrunk by moves grow back to full size, and the comment
   * markers lit leaves behind for removed cards (lit/lit#5298) are swept.
   */
  private scheduleUpkeep() {
    if (this.upkeepPending) return
    this.upkeepPending = true
    const run = () => {
      this.upkeepPending = false
      this.upkeep()
    }
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 })
    else setTimeout(run, 50)
  }

  private upkeep() {
    for (const list of this.host.renderRoot.querySelectorAll('.cards')) sweepOrphanMarkers(list)
    const full = Math.ceil(this.viewport / this.stride) + 2 * OVERSCAN
    let changed = false
    for (const [stageId, win] of this.windows) {
      const column = this.host.columnOf(stageId)
      if (!column || !this.windowed(column.length)) continue
      if (win.count >= full || win.start + win.count >= column.length) continue
      this.windows.set(
        stageId,
        windowFor(this.body(stageId)?.scrollTop ?? 0, this.viewport, this.stride, column.length),
      )
      changed = true
    }
    if (changed) this.host.requestUpdate()
  }
}
