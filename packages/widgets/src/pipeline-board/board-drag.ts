/**
 * Pointer drag of board cards. Works inside the shadow root: the card is found from
 * `composedPath()[0]` (a document listener would see the host only) and the drop target from
 * `shadowRoot.elementFromPoint` (the document's `elementFromPoint` stops at the host).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Where a drop lands: a stage and an index in its column. */
export interface DropTarget {
  readonly stageId: string
  readonly index: number
}

/**
 * Indexes come from the board's model, not from DOM attributes: an index attribute on each card
 * would change on every card below a move (a DOM write each).
 */
export interface BoardPlaces {
  indexOf(stageId: string, dealId: string): number
  lengthOf(stageId: string): number
}

/** What the board does with a drag. */
export interface DragCallbacks extends BoardPlaces {
  /** The drag crossed the threshold. */
  start(dealId: string): void
  /** The pointer is over another column (or none). */
  over(target: DropTarget | undefined): void
  /** Dropped on a column (`undefined` when the drop landed outside every column, or was cancelled). */
  drop(dealId: string, target: DropTarget | undefined): void
}

/** Pixels the pointer must travel before a press becomes a drag (so a click stays a click). */
const THRESHOLD = 4

interface Press {
  readonly dealId: string
  readonly card: HTMLElement
  readonly pointerId: number
  readonly x: number
  readonly y: number
  dragging: boolean
  over: DropTarget | undefined
}

/** The drop target under a point of `root`, from the `data-*` attributes of the board's DOM. */
export function dropTargetAt(
  root: ShadowRoot,
  x: number,
  y: number,
  draggedId: string,
  place: BoardPlaces,
): DropTarget | undefined {
  const hit = root.elementFromPoint(x, y)
  const column = hit?.closest<HTMLElement>('[data-stage-id]')
  const stageId = column?.dataset.stageId
  if (!column || stageId === undefined) return undefined
  const card = hit?.closest<HTMLElement>('[data-deal-id]')
  if (card && card.dataset.dealId !== draggedId) {
    // Over a card: before it in its upper half, after it in its lower half.
    const rect = card.getBoundingClientRect()
    const index = place.indexOf(stageId, card.dataset.dealId ?? '') + (y > rect.top + rect.height / 2 ? 1 : 0)
    return { stageId, index }
  }
  // Over the column's header: its top; elsewhere in the column: its end.
  if (hit?.closest('[data-column-head]')) return { stageId, index: 0 }
  return { stageId, index: place.lengthOf(stageId) }
}

/** Tracks one pointer press on a card at a time and turns it into a drag. */
export class BoardDragController implements ReactiveController {
  private press: Press | undefined

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly callbacks: DragCallbacks,
  ) {
    host.addController(this)
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.end(undefined)
  }

  /** The deal being dragged, if a drag is under way. */
  get draggingId(): string | undefined {
    return this.press?.dragging ? this.press.dealId : undefined
  }

  /** Handle a `pointerdown` in the board (delegated). */
  onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || this.press) return
    const origin = event.composedPath()[0]
    if (!(origin instanceof Element) || origin.closest('button, [role="menu"]')) return
    const card = origin.closest<HTMLElement>('[data-deal-id]')
    const dealId = card?.dataset.dealId
    if (!card || dealId === undefined) return
    this.press = {
      dealId,
      card,
      pointerId: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      dragging: false,
      over: undefined,
    }
    card.addEventListener('pointermove', this.onMove)
    card.addEventListener('pointerup', this.onUp)
    card.addEventListener('pointercancel', this.onCancel)
    try {
      card.setPointerCapture(event.pointerId)
    } catch {
      // A synthetic pointer has no capture; the listeners on the card still work.
    }
  }

  /** Cancel the drag (Escape). Returns whether one was under way. */
  cancel(): boolean {
    if (!this.press?.dragging) return false
    this.end(undefined)
    return true
  }

  private readonly onMove = (event: PointerEvent) => {
    const press = this.press
    if (!press || event.pointerId !== press.pointerId) return
    const dx = event.clientX - press.x
    const dy = event.clientY - press.y
    if (!press.dragging) {
      if (Math.hypot(dx, dy) < THRESHOLD) return
      press.dragging = true
      press.card.toggleAttribute('data-dragging', true)
      this.callbacks.start(press.dealId)
    }
    press.card.style.translate = `${dx}px ${dy}px`
    const root = this.host.shadowRoot
    const target = root ? dropTargetAt(root, event.clientX, event.clientY, press.dealId, this.callbacks) : undefined
    if (target?.stageId !== press.over?.stageId) this.callbacks.over(target)
    press.over = target
  }

  private readonly onUp = (event: PointerEvent) => {
    const press = this.press
    if (!press || event.pointerId !== press.pointerId) return
    if (!press.dragging) {
      this.detach(press)
      return
    }
    const root = this.host.shadowRoot
    this.end(root ? dropTargetAt(root, event.clientX, event.clientY, press.dealId, this.callbacks) : undefined)
  }

  private readonly onCancel = () => this.end(undefined)

  private end(target: DropTarget | undefined) {
    const press = this.press
    if (!press) return
    this.detach(press)
    if (press.dragging) this.callbacks.drop(press.dealId, target)
  }

  private detach(press: Press) {
    this.press = undefined
    press.card.removeEventListener('pointermove', this.onMove)
    press.card.removeEventListener('pointerup', this.onUp)
    press.card.removeEventListener('pointercancel', this.onCancel)
    press.card.style.translate = ''
    press.card.removeAttribute('data-dragging')
    if (press.card.hasPointerCapture?.(press.pointerId)) press.card.releasePointerCapture(press.pointerId)
  }
}
