import type { AnyCrmEvent, Contact, FilterNode, SortInput } from '@crmkit/core'
import { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js'
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { live } from 'lit/directives/live.js'
import type { CrmClient } from '../shared/context.js'
import { CrmElement } from '../shared/crm-element.js'
import { emit } from '../shared/events.js'
import { LoadController } from '../shared/load-controller.js'
import { emptyTemplate, errorMessage, loadingTemplate } from '../shared/states.js'
import { type ContactListColumn, cellText, defaultColumns, headerText, isSortable, sortField } from './columns.js'
import { contactListStrings } from './contact-list.strings.js'
import { contactListStyles } from './contact-list.styles.js'
import { andFilters, parseFilterText } from './filter-text.js'
import { type GridPosition, moveFocus } from './grid-keys.js'
import { sweepOrphanMarkers } from './marker-sweep.js'

/** Detail of `crm-contact-activate`. */
export interface ContactActivateDetail {
  readonly id: string
  readonly contact: Contact
}

/** Detail of `crm-selection-change`. */
export interface SelectionChangeDetail {
  /** Ids of the selected contacts, in selection order. */
  readonly ids: readonly string[]
}

/** Detail of `crm-sort-change`. */
export interface SortChangeDetail {
  readonly sort: SortInput<'contact'>
}

declare module '../shared/events.js' {
  interface CrmWidgetEventMap {
    'crm-contact-activate': ContactActivateDetail
    'crm-selection-change': SelectionChangeDetail
    'crm-sort-change': SortChangeDetail
  }
}

type Query = {
  readonly where: FilterNode<'contact'> | undefined
  readonly search: string | undefined
  readonly sort: SortInput<'contact'> | undefined
}

type VirtualizerHost = HTMLElement & {
  [virtualizerRef]?: { element(index: number): { scrollIntoView(options?: ScrollIntoViewOptions): void } | undefined }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A virtualised grid of the tenant's contacts (`contacts.list`, cursor paging as you scroll),
 * following the APG data grid: one tab stop, arrows, Home/End, Ctrl+Home/End, PageUp/PageDown,
 * Shift+Space selects, Enter activates, headers sort (aria-sort). A filter box reads crmkit's
 * filter language. Rows stay under ~100 in the DOM at any list size.
 *
 * @summary A virtualised, sortable, filterable grid of contacts.
 * @tag crm-contact-list
 * @event crm-ready - The first page loaded.
 * @event crm-load-error - A load failed; the error state with a retry button is shown.
 * @event crm-contact-activate - A row was activated (Enter or click); detail `{ id, contact }`.
 * @event crm-selection-change - The selection changed (Shift+Space, Ctrl+click); detail `{ ids }`.
 * @event crm-sort-change - A header changed the sort; detail `{ sort }`.
 * @csspart base - The element's frame.
 * @csspart toolbar - The bar with the filter box and the count.
 * @csspart filter - The filter input.
 * @csspart count - The result count (a polite status).
 * @csspart grid - The grid.
 * @csspart header-row - The row of column headers.
 * @csspart header - A column header.
 * @csspart body - The scrolling body of the grid.
 * @csspart row - A data row.
 * @csspart cell - A data cell.
 * @csspart loading - The loading state.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart error-detail - The error's message.
 * @csspart retry - The retry button.
 * @cssproperty --crm-contact-list-height - Height of the element (default 480px); the grid scrolls inside it.
 * @cssproperty --crm-contact-list-row-height - Height of a row (default 36px times the density scale).
 */
export class CrmContactListElement extends CrmElement {
  static override styles = contactListStyles
  static override properties: PropertyDeclarations = {
    ...CrmElement.properties,
    columns: { attribute: false },
    where: { attribute: false },
    filter: { type: String },
    sort: { attribute: false },
    pageSize: { type: Number, attribute: 'page-size' },
    label: { type: String },
    rows: { state: true },
    total: { state: true },
    active: { state: true },
    selected: { state: true },
    filterError: { state: true },
  }

  /** The columns, in order; default name, email, stage, updated. */
  declare columns: readonly ContactListColumn[]
  /** A filter the host applies on top of the filter box (crmkit's filter tree). */
  declare where: FilterNode<'contact'> | undefined
  /** Text of the filter box (see the guide for its syntax). */
  declare filter: string
  /** The sort; default: creation order. */
  declare sort: SortInput<'contact'> | undefined
  /** Rows per request (1..1000, default 100; over HTTP at most the handler's `maxListLimit`, 500 by default). */
  declare pageSize: number
  /** Accessible name of the grid; default "Contacts" in the element's language. */
  declare label: string | undefined
  /** Loaded rows (undefined before the first page). @internal */
  declare protected rows: readonly Contact[] | undefined
  /** @internal */
  declare protected total: number
  /** @internal */
  declare protected active: GridPosition
  /** @internal */
  declare protected selected: ReadonlySet<string>
  /** @internal */
  declare protected filterError: string

  private readonly loader: LoadController<readonly unknown[], Query | undefined>
  private query: Query | undefined
  private cursor: string | null = null
  private loadingMore: Promise<void> | undefined
  private first = 0
  private last = -1
  private focusWithin = false
  /** Orphan lit markers removed so far (lit#5298); read by the tests and the benchmark. @internal */
  markersSwept = 0
  private parking = false
  private filterTimer: ReturnType<typeof setTimeout> | undefined
  private liveTimer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super(contactListStrings)
    this.columns = defaultColumns
    this.filter = ''
    this.pageSize = 100
    this.total = 0
    this.active = { row: 0, col: 0 }
    this.selected = new Set()
    this.filterError = ''
    this.loader = new LoadController(this, {
      args: (): readonly unknown[] => [this.where, this.filter, this.sort, this.pageSize],
      load: (client, _args, signal) => this.loadFirst(client, signal),
      isEmpty: () => false,
    })
  }

  /** The AbortSignal of the latest load (a superseded load's signal is aborted). */
  get loadSignal(): AbortSignal | undefined {
    return this.loader.signal
  }

  /** Ids of the selected contacts. */
  get selectedIds(): string[] {
    return [...this.selected]
  }

  /** Load again from the first page. */
  reload(): void {
    this.loader.retry()
  }

  private async loadFirst(client: CrmClient, signal: AbortSignal): Promise<Query | undefined> {
    const parsed = parseFilterText(this.filter)
    const query: Query = { where: andFilters(this.where, parsed.where), search: parsed.search, sort: this.sort }
    let page: Awaited<ReturnType<CrmClient['contacts']['list']>>
    try {
      page = await client.contacts.list({ ...query, limit: this.pageSize, withTotal: true })
    } catch (error) {
      signal.throwIfAborted()
      // A filter box naming an unknown field or a bad value: say so at the box, not as a failure.
      if (parsed.where && (error as { code?: unknown })?.code === 'VALIDATION') {
        this.filterError = errorMessage(error)
        this.query = undefined
        this.rows = []
        this.total = 0
        return undefined
      }
      throw error
    }
    signal.throwIfAborted()
    const refocus = this.focusWithin
    this.filterError = ''
    this.query = query
    this.cursor = page.nextCursor
    this.loadingMore = undefined
    this.rows = page.items
    this.total = page.total ?? page.items.length
    if (this.active.row >= this.rows.length) this.active = { row: this.rows.length - 1, col: this.active.col }
    if (refocus) void this.focusCell(this.active)
    return query
  }

  /** Fetch the next page (no-op on the last page or while one is loading). */
  private loadMore(): Promise<void> {
    const client = this.crm
    const query = this.query
    if (!client || !query || this.cursor === null) return Promise.resolve()
    if (this.loadingMore) return this.loadingMore
    const signal = this.loader.signal
    const cursor = this.cursor
    this.loadingMore = client.contacts
      .list({ ...query, limit: this.pageSize, cursor })
      .then((page) => {
        if (signal?.aborted || this.query !== query) return
        this.rows = [...(this.rows ?? []), ...page.items]
        this.cursor = page.nextCursor
      })
      .catch((error: unknown) => {
        if (!signal?.aborted) emit(this, 'crm-load-error', { element: this.localName, error })
      })
      .finally(() => {
        if (this.query === query) this.loadingMore = undefined
      })
    return this.loadingMore
  }

  protected override onCrmEvent(event: AnyCrmEvent): void {
    if (event.type === 'contact.updated' && this.rows) {
      const updated = event.payload.contact
      const index = this.rows.findIndex((c) => c.id === updated.id)
      if (index >= 0) this.rows = this.rows.map((c, i) => (i === index ? updated : c))
      return
    }
    if (event.type.startsWith('contact.')) {
      // Created, deleted or restored: the count and the order change; reload once per burst.
      clearTimeout(this.liveTimer)
      this.liveTimer = setTimeout(() => this.loader.retry(), 50)
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.filterTimer)
    clearTimeout(this.liveTimer)
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    const body = this.body
    if (body && !body.dataset.listening) {
      body.dataset.listening = ''
      body.addEventListener('rangeChanged', this.onRange as EventListener)
    }
    if (body) this.markersSwept += sweepOrphanMarkers(body)
  }

  private get body(): VirtualizerHost | null {
    return this.renderRoot.querySelector<VirtualizerHost>('.body')
  }

  private readonly onRange = (event: Event & { first: number; last: number }): void => {
    this.first = event.first
    this.last = event.last
    const body = event.currentTarget as HTMLElement
    // The directive re-rendered the rows synchronously before this listener ran.
    this.markersSwept += sweepOrphanMarkers(body)
    const rows = this.rows?.length ?? 0
    if (this.cursor !== null && event.last >= rows - Math.ceil(this.pageSize / 2)) void this.loadMore()
    const rendered = this.isRendered(this.active.row)
    body.tabIndex = rendered ? -1 : 0
    const inside = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null
    if (this.focusWithin && !inside) {
      // The focused row was recycled away: keep focus in the grid, on the scroller.
      this.parking = true
      body.focus({ preventScroll: true })
      this.parking = false
    } else if (this.focusWithin && inside === body && rendered && this.active.row >= 0) {
      // The active row is back in view: focus returns to its cell.
      this.cell(this.active)?.focus({ preventScroll: true })
    }
  }

  private isRendered(row: number): boolean {
    return row < 0 || (row >= this.first && row <= this.last)
  }

  private cell(pos: GridPosition): HTMLElement | null {
    const selector =
      pos.row < 0 ? `[role=columnheader][data-col="${pos.col}"]` : `[data-row="${pos.row}"] [data-col="${pos.col}"]`
    return this.renderRoot.querySelector<HTMLElement>(selector)
  }

  /** Move the active cell to `pos`, scroll it into the rendered range, and focus it. */
  private async focusCell(pos: GridPosition): Promise<void> {
    this.active = pos
    await this.updateComplete
    const body = this.body
    if (pos.row >= 0 && body && !this.cell(pos))
      body[virtualizerRef]?.element(pos.row)?.scrollIntoView({ block: 'nearest' })
    // The row renders once the virtualizer lays out the new range (bounded wait; no frames needed).
    for (let i = 0; i < 60 && !this.cell(pos); i++) await wait(16)
    const target = this.cell(pos)
    if (this.active !== pos || !target) return
    target.focus({ preventScroll: false })
    target.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }

  private pageRows(): number {
    const body = this.body
    const row = body?.querySelector<HTMLElement>('[role=row]')
    if (!body || !row || row.offsetHeight === 0) return 10
    return Math.max(1, Math.floor(body.clientHeight / row.offsetHeight) - 1)
  }

  private readonly onKeyDown = async (event: KeyboardEvent): Promise<void> => {
    const rows = this.rows ?? []
    const ctrl = event.ctrlKey || event.metaKey
    const { row, col } = this.active
    if (event.key === ' ' && event.shiftKey && row >= 0) {
      event.preventDefault()
      this.toggleSelected(rows[row])
      return
    }
    if ((event.key === 'Enter' || event.key === ' ') && row < 0) {
      event.preventDefault()
      this.toggleSort(col)
      return
    }
    if (event.key === 'Enter' && row >= 0) {
      event.preventDefault()
      this.activate(rows[row])
      return
    }
    // Ctrl+End and moves past the loaded rows fetch the pages they need first.
    if (ctrl && event.key === 'End') {
      event.preventDefault()
      while (this.cursor !== null && this.query) await this.loadMore()
    } else if ((event.key === 'ArrowDown' || event.key === 'PageDown') && this.cursor !== null) {
      if (row + this.pageRows() >= rows.length - 1) void this.loadMore()
    }
    const next = moveFocus(this.active, event.key, ctrl, {
      rowCount: this.rows?.length ?? 0,
      colCount: this.columns.length,
      pageRows: this.pageRows(),
      rtl: this.i18n.dir === 'rtl',
    })
    if (!next) return
    event.preventDefault()
    void this.focusCell(next)
  }

  private readonly onFocusIn = (event: FocusEvent): void => {
    this.focusWithin = true
    const target = event.composedPath()[0]
    // Tabbing onto the scroller (the tab stop while the active row is scrolled away) brings the row back.
    if (target === this.body && !this.parking && this.active.row >= 0) void this.focusCell(this.active)
  }

  private readonly onFocusOut = (event: FocusEvent): void => {
    const target = event.target as Element
    queueMicrotask(() => {
      const grid = this.renderRoot.querySelector('[role=grid]')
      const inside = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null
      // A cell that left the DOM (recycled by the virtualizer) keeps focusWithin; a real blur clears it.
      if (target.isConnected && !(inside && grid?.contains(inside))) this.focusWithin = false
    })
  }

  private toggleSelected(contact: Contact | undefined): void {
    if (!contact) return
    const next = new Set(this.selected)
    if (!next.delete(contact.id)) next.add(contact.id)
    this.selected = next
    emit(this, 'crm-selection-change', { ids: [...next] })
  }

  private activate(contact: Contact | undefined): void {
    if (contact) emit(this, 'crm-contact-activate', { id: contact.id, contact })
  }

  private toggleSort(col: number): void {
    const column = this.columns[col]
    if (!column || !isSortable(column)) return
    const field = sortField(column) as SortInput<'contact'>['field']
    const direction = this.sort?.field === field && (this.sort.direction ?? 'asc') === 'asc' ? 'desc' : 'asc'
    this.sort = { field, direction }
    this.active = { row: -1, col }
    emit(this, 'crm-sort-change', { sort: this.sort })
  }

  private onRowClick(event: MouseEvent, index: number): void {
    const cell = (event.target as Element).closest('[data-col]') as HTMLElement | null
    const col = cell ? Number(cell.dataset.col) : this.active.col
    void this.focusCell({ row: index, col })
    const contact = this.rows?.[index]
    if (event.ctrlKey || event.metaKey) this.toggleSelected(contact)
    else this.activate(contact)
  }

  private onFilterInput(event: InputEvent): void {
    const value = (event.target as HTMLInputElement).value
    clearTimeout(this.filterTimer)
    this.filterTimer = setTimeout(() => {
      this.filter = value
    }, 200)
  }

  private sortState(column: ContactListColumn): 'ascending' | 'descending' | undefined {
    if (!this.sort || this.sort.field !== sortField(column)) return undefined
    return (this.sort.direction ?? 'asc') === 'asc' ? 'ascending' : 'descending'
  }

  protected override render(): unknown {
    const i18n = this.i18n
    const columns = `--_columns: ${this.columns.map((c) => c.width ?? 'minmax(8rem, 1fr)').join(' ')}`
    return html`<div class="root" part="base" lang=${i18n.lang} dir=${i18n.dir} style=${columns}>
      <div class="toolbar" part="toolbar">
        <label for="filter">${i18n.t('contactList.filter')}</label>
        <input id="filter" part="filter" type="search" autocomplete="off" spellcheck="false"
          .value=${live(this.filter)} @input=${this.onFilterInput}
          aria-invalid=${this.filterError ? 'true' : 'false'}
          aria-describedby=${this.filterError ? 'filter-error' : 'filter-hint'} />
        <span class="count" part="count" role="status">${this.rows ? i18n.t('contactList.count', this.total) : ''}</span>
        <span id="filter-hint" class="visually-hidden">${i18n.t('contactList.filterHint')}</span>
        ${this.filterError ? html`<p id="filter-error" class="filter-error">${this.filterError}</p>` : nothing}
      </div>
      ${this.loader.render({ complete: () => this.renderGrid(), pending: () => (this.rows ? this.renderGrid() : loadingTemplate(i18n)) })}
    </div>`
  }

  private renderGrid(): unknown {
    const rows = this.rows ?? []
    if (rows.length === 0) return emptyTemplate(this.i18n.t('contactList.empty'))
    const busy = this.loader.pending
    return html`<div role="grid" part="grid" aria-label=${this.label ?? this.i18n.t('contactList.label')}
        aria-rowcount=${this.total + 1} aria-colcount=${this.columns.length} aria-multiselectable="true"
        aria-busy=${busy ? 'true' : 'false'} class=${busy ? 'busy' : ''}
        @keydown=${this.onKeyDown} @focusin=${this.onFocusIn} @focusout=${this.onFocusOut}>
      <div role="rowgroup" class="head"><div role="row" part="header-row" aria-rowindex="1">${this.columns.map((column, col) => this.renderHeader(column, col))}</div></div>
      <div role="rowgroup" class="body" part="body" tabindex="-1"><div virtualizer-sizer aria-hidden="true"></div>${virtualize(
        {
          items: rows as Contact[],
          scroller: true,
          // Right after the rows shrink, the virtualizer may still ask for indexes past the end once.
          keyFunction: (contact: Contact | undefined, index: number) => contact?.id ?? index,
          renderItem: (contact: Contact | undefined, index: number) =>
            contact ? this.renderRow(contact, index) : html`<div aria-hidden="true"></div>`,
        },
      )}</div>
    </div>`
  }

  private renderHeader(column: ContactListColumn, col: number): unknown {
    const sort = this.sortState(column)
    const sortable = isSortable(column)
    const isActive = this.active.row < 0 && this.active.col === col
    return html`<div role="columnheader" part="header" data-col=${col} aria-colindex=${col + 1}
      tabindex=${isActive ? 0 : -1} aria-sort=${sort ?? nothing} ?data-sortable=${sortable}
      @click=${() => {
        void this.focusCell({ row: -1, col })
        this.toggleSort(col)
      }}>${headerText(column, this.i18n)}${sort ? html`<span class="sort-icon" aria-hidden="true">${sort === 'ascending' ? '▲' : '▼'}</span>` : nothing}</div>`
  }

  // No whitespace around the row element: the orphan-marker sweep relies on rows being elements
  // directly between their part markers.
  private renderRow(contact: Contact, index: number) {
    const active = this.active
    const selected = this.selected.has(contact.id)
    return html`<div role="row" part="row" data-row=${index} aria-rowindex=${index + 2} aria-selected=${selected ? 'true' : 'false'} @click=${(event: MouseEvent) => this.onRowClick(event, index)}>${this.columns.map(
      (column, col) =>
        html`<div role="gridcell" part="cell" data-col=${col} aria-colindex=${col + 1} tabindex=${active.row === index && active.col === col ? 0 : -1}>${cellText(contact, column, this.i18n)}</div>`,
    )}</div>`
  }
}
