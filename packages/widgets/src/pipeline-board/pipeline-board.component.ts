/**
 * `<crm-pipeline-board>`: the deals of one pipeline as columns per stage.
 */
import type { AnyCrmEvent, Deal, Pipeline, Stage } from '@crmkit/core'
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { sweepOrphanMarkers } from '../contact-list/marker-sweep.js'
import type { CrmClient } from '../shared/context.js'
import { CrmElement } from '../shared/crm-element.js'
import { emit } from '../shared/events.js'
import { LoadController } from '../shared/load-controller.js'
import { emptyTemplate, loadingTemplate } from '../shared/states.js'
import { BoardDragController, type DropTarget } from './board-drag.js'
import { formatAge } from './board-format.js'
import { moveMenuFocus, type OpenMenu, renderMenu } from './board-menu.js'
import {
  type BoardModel,
  type Column,
  columnSummary,
  createModel,
  dealCount,
  findDeal,
  placeDeal,
  removeDeal,
  stageOf,
  upsertDeal,
} from './board-model.js'
import { type ColumnWindow, OVERSCAN, shiftWindow, windowAround, windowFor } from './board-window.js'
import { boardTranslations } from './pipeline-board.strings.js'
import { boardStyles } from './pipeline-board.styles.js'

/** Detail of `crm-deal-move`: the deal and where it moves from and to (indexes within the columns). */
export interface DealMoveDetail {
  readonly dealId: string
  readonly fromStageId: string
  readonly toStageId: string
  readonly fromIndex: number
  readonly toIndex: number
}

declare module '../shared/events.js' {
  interface CrmWidgetEventMap {
    'crm-deal-move': DealMoveDetail
  }
}

/** A page of deals is at most this long (the core's maximum). */
const PAGE = 1000
/** Card height + gap in px before the first card was measured. */
const DEFAULT_STRIDE = 88

/**
 * A pipeline's deals in one column per stage, with the count and weighted amount of each.
 * Deals move by pointer drag, by Shift+Arrow keys on a focused card, or through the "Move to…"
 * menu on every card. A move is optimistic: the card moves at once and moves back when the
 * write fails (a `ConflictError` when someone else changed the deal). Long columns render only
 * the cards in view.
 *
 * @event crm-deal-move - Before a move is applied; cancelable (`preventDefault()` keeps the deal where it was). Detail: `{ dealId, fromStageId, toStageId, fromIndex, toIndex }`.
 * @event crm-ready - The pipeline and its deals are loaded.
 * @event crm-load-error - Loading failed; detail `{ error }`.
 *
 * @csspart board - The row of columns.
 * @csspart column - One stage's column.
 * @csspart column-header - A column's heading with its summary.
 * @csspart column-summary - Count and weighted amount of a column.
 * @csspart column-body - The scrolling list of a column's cards.
 * @csspart card - A deal's card.
 * @csspart card-title - A deal's title.
 * @csspart card-amount - A deal's amount.
 * @csspart card-owner - A deal's owner.
 * @csspart card-age - Days since the deal was created.
 * @csspart move-button - The card's "Move to…" menu button.
 * @csspart menu - The "Move to…" menu.
 * @csspart menu-item - A stage in the menu.
 * @csspart status - The loading, empty and error messages.
 * @csspart retry-button - The error state's retry button.
 *
 * @cssproperty --crm-board-height - Height of the board (the columns scroll inside it). Default 36rem.
 * @cssproperty --crm-board-column-width - Width of a column. Default 17rem.
 * @cssproperty --crm-board-card-height - Height of a card (fixed, so long columns can be windowed). Default 5rem.
 */
export class CrmPipelineBoardElement extends CrmElement {
  static override styles = boardStyles

  static override properties: PropertyDeclarations = {
    ...CrmElement.properties,
    pipelineId: { attribute: 'pipeline-id' },
    virtualizeThreshold: { type: Number, attribute: 'virtualize-threshold' },
    now: { attribute: false },
    model: { state: true },
    menu: { state: true },
    announcement: { state: true },
    activeId: { state: true },
  }

  /** The pipeline to show; default: the tenant's first active pipeline. */
  pipelineId: string | undefined
  /** Columns longer than this render only the cards in view. */
  virtualizeThreshold = 40
  /** "Now" for card ages, in ms (default: the time of rendering). */
  now: number | undefined

  protected model: BoardModel | undefined
  protected menu: OpenMenu | undefined
  protected announcement = ''
  /**
   * The rendered slice of each windowed column. Not reactive state: it is derived during render
   * (a column gets its window the first time it renders windowed) and changed by scrolling and
   * moves, which request the update themselves.
   */
  private windows = new Map<string, ColumnWindow>()
  /** Height of a column's scrolling body, measured (ResizeObserver). */
  private viewport = 600
  private resizeObserver: ResizeObserver | undefined

  private readonly live = this.i18n
  private stride = DEFAULT_STRIDE
  private focusAfterUpdate: string | undefined
  private loaded: BoardModel | null | undefined

  private readonly drag = new BoardDragController(this, {
    start: (dealId) => this.announceDeal(dealId, (deal, stage) => this.live.t('board.picked', deal, stage)),
    over: (target) => {
      const at = this.draggingDeal()
      const stage = target && this.model && stageOf(this.model, target.stageId)
      if (at && stage) this.announce(this.live.t('board.over', at.title, stage.name))
    },
    drop: (dealId, target) => this.drop(dealId, target),
    indexOf: (stageId, dealId) => this.model?.columns.get(stageId)?.findIndex((d) => d.id === dealId) ?? -1,
    lengthOf: (stageId) => this.model?.columns.get(stageId)?.length ?? 0,
  })

  private readonly load = new LoadController(this, {
    args: () => [this.pipelineId] as const,
    load: (client, [pipelineId], signal) => loadBoard(client, pipelineId, signal),
  })

  constructor() {
    super(boardTranslations)
  }

  /** The client in use: the `client` property, else the provider's. */
  effectiveClient(): CrmClient | undefined {
    return this.crm
  }

  /** Load again (after an error, or to drop local state). */
  reload(): void {
    this.load.retry()
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    // A finished load replaces the local state (moves, live updates) with what was loaded.
    const value = this.load.task.value
    if (value !== undefined && value !== this.loaded) {
      this.loaded = value
      this.model = value ?? undefined
      this.windows.clear()
    }
  }

  /**
   * Move a deal as the user would (fires the cancelable `crm-deal-move`, moves optimistically,
   * writes, rolls back on failure). Resolves to whether the move was written.
   */
  async moveDeal(dealId: string, toStageId: string, toIndex = 0): Promise<boolean> {
    const model = this.model
    const from = model && findDeal(model, dealId)
    const fromStage = from && stageOf(model, from.stageId)
    const toStage = model && stageOf(model, toStageId)
    const client = this.effectiveClient()
    if (!model || !from || !fromStage || !toStage || !client) return false
    const target = model.columns.get(toStageId) ?? []
    const length = toStageId === from.stageId ? target.length - 1 : target.length
    const index = Math.max(0, Math.min(toIndex, length))
    if (toStageId === from.stageId && index === from.index) return false
    const detail: DealMoveDetail = {
      dealId,
      fromStageId: from.stageId,
      toStageId,
      fromIndex: from.index,
      toIndex: index,
    }
    if (!emit(this, 'crm-deal-move', detail, { cancelable: true })) {
      this.announce(this.live.t('board.cancelled', from.deal.title, fromStage.name))
      this.focusCard(dealId)
      return false
    }
    this.apply(placeDeal(model, { ...from.deal, stageId: toStageId }, index), dealId, from, {
      stageId: toStageId,
      index,
    })
    this.announce(this.live.t('board.moved', from.deal.title, fromStage.name, toStage.name))
    if (toStageId === from.stageId) return true // an order within the stage is local: nothing to write
    try {
      const moved = await client.deals.moveToStage(dealId, toStageId, { expectedVersion: from.deal.version })
      if (this.model) this.model = upsertDeal(this.model, moved)
      return true
    } catch (error) {
      this.rollback(dealId, from, error)
      return false
    }
  }

  private rollback(dealId: string, from: { stageId: string; index: number; deal: Deal }, error: unknown) {
    const model = this.model
    const now = model && findDeal(model, dealId)
    if (model && now) this.apply(placeDeal(model, from.deal, from.index), dealId, now, from)
    const stage = (model && stageOf(model, from.stageId)?.name) ?? ''
    const conflict = (error as { code?: unknown } | null)?.code === 'CONFLICT'
    this.announce(this.live.t(conflict ? 'board.conflict' : 'board.failed', from.deal.title, stage))
    // Someone else's newer record decides where the card really is.
    if (conflict) {
      void this.effectiveClient()
        ?.deals.get(dealId)
        .then((fresh) => {
          if (!this.model) return
          this.model = fresh ? upsertDeal(this.model, fresh) : removeDeal(this.model, dealId)
        })
    }
  }

  /** Set the model after a move of `dealId`, shifting the two column windows by one card and refocusing it. */
  private apply(
    next: BoardModel,
    dealId: string,
    from: { stageId: string; index: number },
    to: { stageId: string; index: number },
  ) {
    const windows = this.windows
    const shift = (stageId: string, change: { removedAt?: number; insertedAt?: number }) => {
      const win = windows.get(stageId)
      if (win) windows.set(stageId, shiftWindow(win, change))
    }
    if (from.stageId === to.stageId) {
      shift(from.stageId, { removedAt: from.index, insertedAt: to.index })
    } else {
      shift(from.stageId, { removedAt: from.index })
      shift(to.stageId, { insertedAt: to.index })
    }
    this.model = next
    this.ensureVisible(dealId)
    this.focusCard(dealId)
    this.scheduleUpkeep()
  }

  private upkeepPending = false

  /**
   * Work a move or a scroll leaves for later, done when the browser is idle so it stays out of the
   * interaction's frame: windows shrunk by moves grow back to their full size, and the comment
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
    for (const list of this.renderRoot.querySelectorAll('.cards')) sweepOrphanMarkers(list)
    const model = this.model
    if (!model) return
    const full = Math.ceil(this.viewport / this.stride) + 2 * OVERSCAN
    let changed = false
    for (const [stageId, win] of this.windows) {
      const column = model.columns.get(stageId)
      if (!column || column.length <= this.virtualizeThreshold) continue
      if (win.count >= full || win.start + win.count >= column.length) continue
      const body = this.renderRoot.querySelector<HTMLElement>(
        `[data-stage-id="${CSS.escape(stageId)}"] [part="column-body"]`,
      )
      this.windows.set(stageId, windowFor(body?.scrollTop ?? 0, this.viewport, this.stride, column.length))
      changed = true
    }
    if (changed) this.requestUpdate()
  }

  private drop(dealId: string, target: DropTarget | undefined) {
    const at = this.model && findDeal(this.model, dealId)
    if (!at) return
    if (!target || (target.stageId === at.stageId && (target.index === at.index || target.index === at.index + 1))) {
      const stage = this.model && stageOf(this.model, at.stageId)
      this.announce(this.live.t('board.cancelled', at.deal.title, stage?.name ?? ''))
      return
    }
    // An index past the card's own place in its column counts without the card.
    const index = target.stageId === at.stageId && target.index > at.index ? target.index - 1 : target.index
    void this.moveDeal(dealId, target.stageId, index)
  }

  private draggingDeal(): Deal | undefined {
    const id = this.drag.draggingId
    return id && this.model ? findDeal(this.model, id)?.deal : undefined
  }

  private announceDeal(dealId: string, text: (deal: string, stage: string) => string) {
    const at = this.model && findDeal(this.model, dealId)
    const stage = at && this.model && stageOf(this.model, at.stageId)
    if (at && stage) this.announce(text(at.deal.title, stage.name))
  }

  private announce(text: string) {
    // The same text twice in a row must be read twice: a no-break space makes it differ.
    this.announcement = text === this.announcement ? `${text}\u00a0` : text
  }

  protected override onCrmEvent(event: AnyCrmEvent): void {
    const model = this.model
    if (!model) return
    const payload = event.payload as { deal?: Deal; pipeline?: Pipeline }
    if (event.type === 'pipeline.updated' && payload.pipeline?.id === model.pipeline.id) this.reload()
    else if (event.type === 'deal.deleted' && payload.deal) this.model = removeDeal(model, payload.deal.id)
    else if (event.type.startsWith('deal.') && payload.deal?.pipelineId === model.pipeline.id) {
      // The card being dragged stays put until it is dropped.
      if (payload.deal.id !== this.drag.draggingId) this.model = upsertDeal(model, payload.deal)
    }
  }

  /** The window of a column (all of it below the threshold). */
  private windowOf(stageId: string, column: Column): ColumnWindow {
    if (column.length <= this.virtualizeThreshold) return { start: 0, count: column.length }
    const win = this.windows.get(stageId)
    // A window shrunk by moves out of it is kept while it still fills the viewport.
    if (win && win.start + win.count <= column.length && win.count > Math.ceil(this.viewport / this.stride)) return win
    const body = this.renderRoot.querySelector<HTMLElement>(
      `[data-stage-id="${CSS.escape(stageId)}"] [part="column-body"]`,
    )
    const next = windowFor(body?.scrollTop ?? 0, this.viewport, this.stride, column.length)
    this.windows.set(stageId, next)
    return next
  }

  private ensureVisible(dealId: string) {
    const at = this.model && findDeal(this.model, dealId)
    const column = at && this.model?.columns.get(at.stageId)
    if (!at || !column || column.length <= this.virtualizeThreshold) return
    const win = this.windowOf(at.stageId, column)
    if (at.index >= win.start && at.index < win.start + win.count) return
    this.windows.set(at.stageId, windowAround(at.index, win.count, column.length))
    this.requestUpdate()
  }

  private focusCard(dealId: string) {
    this.activeId = dealId
    this.focusAfterUpdate = dealId
    this.requestUpdate()
  }

  private onScroll(stageId: string, event: Event) {
    const body = event.currentTarget as HTMLElement
    const column = this.model?.columns.get(stageId)
    if (!column || column.length <= this.virtualizeThreshold) return
    const next = windowFor(body.scrollTop, this.viewport, this.stride, column.length)
    const win = this.windows.get(stageId)
    if (win?.start !== next.start || win.count !== next.count) {
      this.windows.set(stageId, next)
      this.requestUpdate()
      this.scheduleUpkeep()
    }
  }

  private measure() {
    const card = this.renderRoot.querySelector<HTMLElement>('[part~="card"]')
    const body = this.renderRoot.querySelector<HTMLElement>('[part="column-body"]')
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
      this.requestUpdate()
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.resizeObserver?.disconnect()
    this.resizeObserver = undefined
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed)
    const board = this.renderRoot.querySelector<HTMLElement>('.board')
    if (board && !this.resizeObserver) {
      // Card stride and column height are measured when the board first shows and when it resizes,
      // not on every update (a forced layout each time).
      this.resizeObserver = new ResizeObserver(() => this.measure())
      this.resizeObserver.observe(board)
    }
    const focusId = this.focusAfterUpdate
    if (focusId !== undefined) {
      this.focusAfterUpdate = undefined
      const el = this.renderRoot.querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(focusId)}"]`)
      el?.focus({ preventScroll: true })
      el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' })
    }
    if (changed.has('menu') && this.menu) {
      this.renderRoot.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    }
  }

  // --- keyboard -------------------------------------------------------------------------

  private onKeyDown = (event: KeyboardEvent) => {
    const origin = event.composedPath()[0]
    if (!(origin instanceof HTMLElement)) return
    if (event.key === 'Escape' && this.drag.cancel()) {
      event.preventDefault()
      return
    }
    const card = origin.closest<HTMLElement>('[data-deal-id]')
    const dealId = card?.dataset.dealId
    if (!card || dealId === undefined || origin !== card || !this.model) return
    const at = findDeal(this.model, dealId)
    if (!at) return
    const stages = this.model.pipeline.stages
    const col = stages.findIndex((s) => s.id === at.stageId)
    // In a right-to-left layout the next stage is on the left.
    const horizontal = (key: string) => ((key === 'ArrowLeft') === (this.live.dir === 'rtl') ? 1 : -1)
    if (event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      const to = stages[col + horizontal(event.key)]
      if (to) void this.moveDeal(dealId, to.id, 0)
      event.preventDefault()
      return
    }
    let next: { stageId: string; index: number } | undefined
    const column = this.model.columns.get(at.stageId) ?? []
    if (event.key === 'ArrowDown') next = { stageId: at.stageId, index: Math.min(at.index + 1, column.length - 1) }
    else if (event.key === 'ArrowUp') next = { stageId: at.stageId, index: Math.max(at.index - 1, 0) }
    else if (event.key === 'Home') next = { stageId: at.stageId, index: 0 }
    else if (event.key === 'End') next = { stageId: at.stageId, index: column.length - 1 }
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      // The nearest non-empty column that way, at the same row or its last card.
      for (let i = col + horizontal(event.key); i >= 0 && i < stages.length; i += horizontal(event.key)) {
        const other = this.model.columns.get((stages[i] as Stage).id) ?? []
        if (other.length > 0) {
          next = { stageId: (stages[i] as Stage).id, index: Math.min(at.index, other.length - 1) }
          break
        }
      }
    } else if (event.key === 'Enter' || event.key === 'ContextMenu') {
      this.openMenu(card.querySelector<HTMLElement>('[part="move-button"]'), dealId)
      event.preventDefault()
      return
    }
    if (!next) return
    event.preventDefault()
    const target = this.model.columns.get(next.stageId)?.[next.index]
    if (!target) return
    this.activeId = target.id
    this.ensureVisible(target.id)
    this.focusCard(target.id)
  }

  /** The card holding the board's one tab stop (roving tabindex). */
  protected activeId: string | undefined

  private onFocusIn = (event: FocusEvent) => {
    const origin = event.composedPath()[0]
    const id = origin instanceof Element ? origin.closest<HTMLElement>('[data-deal-id]')?.dataset.dealId : undefined
    if (id !== undefined) this.activeId = id
  }

  // --- menu -------------------------------------------------------------------------------

  private openMenu(button: HTMLElement | null, dealId: string) {
    const at = this.model && findDeal(this.model, dealId)
    if (!at || !this.model || !button) return
    const rect = button.getBoundingClientRect()
    const host = this.getBoundingClientRect()
    this.menu = {
      dealId,
      dealTitle: at.deal.title,
      stages: this.model.pipeline.stages.filter((s) => s.id !== at.stageId),
      top: rect.bottom - host.top,
      left: Math.max(0, rect.right - host.left - 192),
    }
  }

  private closeMenu(refocus: boolean) {
    const menu = this.menu
    this.menu = undefined
    if (refocus && menu) {
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(menu.dealId)}"] [part="move-button"]`)
          ?.focus(),
      )
    }
  }

  private onMenuKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      this.closeMenu(true)
    } else if (event.key === 'Tab') {
      this.closeMenu(false)
    } else if (moveMenuFocus(event.currentTarget as Element, event)) {
      event.preventDefault()
    }
  }

  private onClick = (event: MouseEvent) => {
    const origin = event.composedPath()[0]
    if (!(origin instanceof Element)) return
    const button = origin.closest<HTMLElement>('[part="move-button"]')
    const dealId = button?.closest<HTMLElement>('[data-deal-id]')?.dataset.dealId
    if (button && dealId !== undefined) {
      if (this.menu?.dealId === dealId) this.closeMenu(true)
      else this.openMenu(button, dealId)
    } else if (this.menu && !origin.closest('[role="menu"]')) {
      this.closeMenu(false)
    }
  }

  private chooseStage = (stageId: string) => {
    const menu = this.menu
    this.menu = undefined
    if (menu) void this.moveDeal(menu.dealId, stageId, 0)
  }

  // --- render -------------------------------------------------------------------------------

  protected override render() {
    const busy = this.load.pending
    return html`<div class="root" part="root" lang=${this.live.lang} dir=${this.live.dir} aria-busy=${busy ? 'true' : 'false'}>
      ${this.load.render({
        pending: () => (this.model ? this.renderBoard(this.model) : loadingTemplate(this.i18n)),
        complete: (model) =>
          this.model ? this.renderBoard(this.model) : model ? nothing : emptyTemplate(this.live.t('board.noPipeline')),
      })}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" part="live">${this.announcement}</div>
    </div>`
  }

  private renderBoard(model: BoardModel) {
    const locale = this.live.lang
    const now = this.now ?? Date.now()
    const empty = dealCount(model) === 0
    return html`<p id="instructions" class="visually-hidden">${this.live.t('board.instructions')}</p>
      ${empty ? emptyTemplate(this.live.t('board.empty')) : nothing}
      <div
        part="board"
        class="board"
        role="group"
        aria-label=${this.live.t('board.label', model.pipeline.name)}
        tabindex=${empty ? '0' : nothing}
        @keydown=${this.onKeyDown}
        @pointerdown=${this.drag.onPointerDown}
        @click=${this.onClick}
        @focusin=${this.onFocusIn}
      >
        ${model.pipeline.stages.map((stage) =>
          this.renderColumn(model, stage, model.columns.get(stage.id) ?? [], locale, now),
        )}
      </div>
      ${renderMenu(
        this.menu,
        {
          menuLabel: (deal) => this.live.t('board.moveTo', deal),
          item: (deal, stage) => this.live.t('board.moveToStage', deal, stage),
        },
        this.chooseStage,
        this.onMenuKeyDown,
      )}`
  }

  private renderColumn(model: BoardModel, stage: Stage, column: Column, locale: string, now: number) {
    const summary = columnSummary(column, stage)
    const win = this.windowOf(stage.id, column)
    const slice =
      win.start === 0 && win.count === column.length ? column : column.slice(win.start, win.start + win.count)
    const windowed = column.length > this.virtualizeThreshold
    const currency = model.pipeline.currency
    const headingId = `stage-${stage.id}`
    const activeId = this.activeId ?? this.firstDealId(model)
    return html`<section part="column" class="column" data-stage-id=${stage.id} aria-labelledby=${headingId}>
      <header part="column-header" class="column-header" data-column-head>
        <h3 id=${headingId}>${stage.name}</h3>
        <p part="column-summary">${this.live.t('board.summary', summary.count, this.live.money(summary.weighted, currency))}</p>
      </header>
      <div part="column-body" class="column-body" @scroll=${(e: Event) => this.onScroll(stage.id, e)}>
        ${column.length === 0 ? html`<p class="empty-column">${this.live.t('board.emptyColumn')}</p>` : nothing}
        <ol
          class="cards"
          aria-labelledby=${headingId}
          style=${windowed ? `padding-block:${win.start * this.stride}px ${(column.length - win.start - win.count) * this.stride}px` : ''}
        >${repeat(
          slice,
          (deal) => deal.id,
          (deal) => this.renderCard(deal, currency, locale, now, deal.id === activeId),
        )}</ol>
      </div>
    </section>`
  }

  private firstDealId(model: BoardModel): string | undefined {
    for (const column of model.columns.values()) if (column[0]) return column[0].id
    return undefined
  }

  private renderCard(deal: Deal, currency: string, locale: string, now: number, active: boolean) {
    return html`<li part="card" class="card" tabindex=${active ? 0 : -1} data-deal-id=${deal.id} aria-describedby="instructions"><span part="card-title" class="title">${deal.title}</span><span part="card-amount" class="amount">${this.live.money(deal.amount.value, currency)}</span><span part="card-owner" class="owner">${deal.ownerId ?? this.live.t('board.unassigned')}</span><span part="card-age" class="age">${formatAge(deal.createdAt, now, locale)}</span><button type="button" part="move-button" class="move" tabindex=${active ? 0 : -1} aria-haspopup="menu" aria-expanded=${this.menu?.dealId === deal.id ? 'true' : 'false'} aria-label=${this.live.t('board.moveTo', deal.title)}>⋯</button></li>`
  }
}

/** The pipeline (`pipelineId`, else the first active one) and all its deals, page by page; `null` when there is none. */
async function loadBoard(
  client: CrmClient,
  pipelineId: string | undefined,
  signal: AbortSignal,
): Promise<BoardModel | null> {
  const pipeline = await resolvePipeline(client, pipelineId)
  signal.throwIfAborted()
  if (!pipeline) return null
  const deals: Deal[] = []
  let cursor: string | undefined
  do {
    const page = await client.deals.list({
      where: { field: 'pipelineId', op: 'eq', value: pipeline.id },
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    })
    signal.throwIfAborted()
    deals.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return createModel(pipeline, deals)
}

async function resolvePipeline(client: CrmClient, pipelineId: string | undefined): Promise<Pipeline | null> {
  if (pipelineId) return client.pipelines.get(pipelineId)
  return (await client.pipelines.list({ limit: 1 })).items[0] ?? null
}
