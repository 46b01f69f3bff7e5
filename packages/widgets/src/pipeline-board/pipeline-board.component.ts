/**
 * `<crm-pipeline-board>`: the deals of one pipeline as columns per stage.
 */
import type { AnyCrmEvent, Deal, Pipeline, Stage } from '@crmkit/core'
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { CrmClient } from '../shared/context.js'
import { CrmElement } from '../shared/crm-element.js'
import { emit } from '../shared/events.js'
import { LoadController } from '../shared/load-controller.js'
import { emptyTemplate, loadingTemplate } from '../shared/states.js'
import { BoardDragController, type DropTarget } from './board-drag.js'
import { formatAge } from './board-format.js'
import { keyAction } from './board-keys.js'
import { loadBoard } from './board-load.js'
import { moveMenuFocus, type OpenMenu, renderMenu } from './board-menu.js'
import {
  type BoardModel,
  type Column,
  columnSummary,
  dealCount,
  findDeal,
  placeDeal,
  removeDeal,
  stageOf,
  upsertDeal,
} from './board-model.js'
import { ColumnWindows } from './column-windows.js'
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

/**
 * A pipeline's deals in one column per stage, with the count and weighted amount of each.
 * Deals move by pointer drag, by Shift+Arrow keys on a focused card, or through the "Move to…"
 * menu on every card. A move is optimistic: the card moves at once and moves back when the
 * write fails (a `ConflictError` when someone else changed the deal). Long columns render only
 * the cards in view.
 *
 * @summary Deals of a pipeline in columns per stage; drag, keys or a menu move them.
 * @tag crm-pipeline-board
 *
 * @event crm-deal-move - Before a move is applied; cancelable (`preventDefault()` keeps the deal where it was). Detail: `{ dealId, fromStageId, toStageId, fromIndex, toIndex }`.
 * @event crm-ready - The pipeline and its deals are loaded.
 * @event crm-load-error - Loading failed; detail `{ error }`.
 *
 * @csspart board - The row of columns (a labelled group).
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
 * @csspart root - The element's content.
 * @csspart live - The visually hidden live region announcing moves.
 * @csspart loading - The loading state.
 * @csspart empty - The empty state (no pipeline, or no deals).
 * @csspart error - The error state (`role="alert"`).
 * @csspart error-detail - The error's message.
 * @csspart retry - The error state's retry button.
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
  private readonly windows = new ColumnWindows(this)
  private readonly live = this.i18n
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

  /** The current column of a stage (for the windows). */
  columnOf(stageId: string): Column | undefined {
    return this.model?.columns.get(stageId)
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
      this.windows.reset()
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
    this.windows.moved(from, to)
    this.model = next
    this.ensureVisible(dealId)
    this.focusCard(dealId)
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

  private ensureVisible(dealId: string) {
    const at = this.model && findDeal(this.model, dealId)
    if (at) this.windows.reveal(at.stageId, at.index)
  }

  private focusCard(dealId: string) {
    this.activeId = dealId
    this.focusAfterUpdate = dealId
    this.requestUpdate()
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed)
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
    const action = keyAction(this.model, dealId, event.key, event.shiftKey, this.live.dir === 'rtl')
    if (!action) return
    event.preventDefault()
    if (action.kind === 'move') void this.moveDeal(dealId, action.toStageId, 0)
    else if (action.kind === 'menu') this.openMenu(card.querySelector<HTMLElement>('[part="move-button"]'), dealId)
    else {
      this.windows.reveal(action.stageId, action.index)
      this.focusCard(action.dealId)
    }
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
    const win = this.windows.of(stage.id, column)
    const slice =
      win.start === 0 && win.count === column.length ? column : column.slice(win.start, win.start + win.count)
    const windowed = this.windows.windowed(column.length)
    const currency = model.pipeline.currency
    const headingId = `stage-${stage.id}`
    const activeId = this.activeId ?? this.firstDealId(model)
    return html`<section part="column" class="column" data-stage-id=${stage.id} aria-labelledby=${headingId}>
      <header part="column-header" class="column-header" data-column-head>
        <h3 id=${headingId}>${stage.name}</h3>
        <p part="column-summary">${this.live.t('board.summary', summary.count, this.live.money(summary.weighted, currency))}</p>
      </header>
      <div part="column-body" class="column-body" @scroll=${(e: Event) => this.windows.scrolled(stage.id, e.currentTarget as HTMLElement)}>
        ${column.length === 0 ? html`<p class="empty-column">${this.live.t('board.emptyColumn')}</p>` : nothing}
        <ol
          class="cards"
          aria-labelledby=${headingId}
          style=${windowed ? `padding-block:${win.start * this.windows.stride}px ${(column.length - win.start - win.count) * this.windows.stride}px` : ''}
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
