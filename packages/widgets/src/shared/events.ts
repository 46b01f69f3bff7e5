/**
 * Typed `crm-*` DOM events. Every widget event bubbles and is composed (it leaves shadow roots),
 * names are lowercase so React 19 maps `oncrm-ready` style props, and request-style events are
 * cancelable: the element does the thing only when no listener called `preventDefault()`.
 *
 * Elements add their events to {@link CrmWidgetEventMap} by declaration merging:
 * ```ts
 * declare module '../shared/events.js' {
 *   interface CrmWidgetEventMap { 'crm-deal-move': DealMoveDetail }
 * }
 * ```
 */

/** Detail of `crm-ready`: the element finished its first successful load. */
export interface CrmReadyDetail {
  /** Tag name of the element that loaded. */
  readonly element: string
}

/** Detail of `crm-load-error`: a load failed; the element shows its error state with a retry button. */
export interface CrmLoadErrorDetail {
  /** Tag name of the element whose load failed. */
  readonly element: string
  /** What the client threw (a `CrmError` subclass from crmkit, or a network error of a remote client). */
  readonly error: unknown
}

/** Detail of every `crm-*` event, by event name. Elements extend it by declaration merging. */
export interface CrmWidgetEventMap {
  'crm-ready': CrmReadyDetail
  'crm-load-error': CrmLoadErrorDetail
}

/** Name of a widget event. */
export type CrmWidgetEventName = keyof CrmWidgetEventMap

/** A widget event, typed by name. */
export type CrmWidgetEvent<K extends CrmWidgetEventName> = CustomEvent<CrmWidgetEventMap[K]>

/** Options of {@link emit}. */
export interface EmitOptions {
  /** A request the listener may refuse with `preventDefault()`. Default false. */
  readonly cancelable?: boolean
}

/**
 * Dispatch a bubbling, composed `crm-*` event from `target`.
 * @returns false when the event was cancelable and a listener called `preventDefault()`.
 */
export function emit<K extends CrmWidgetEventName>(
  target: EventTarget,
  name: K,
  detail: CrmWidgetEventMap[K],
  options: EmitOptions = {},
): boolean {
  return target.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
  )
}

type WidgetEvents = { [K in CrmWidgetEventName]: CrmWidgetEvent<K> }

declare global {
  interface HTMLElementEventMap extends WidgetEvents {}
  // The events bubble and are composed, so a document listener receives them too.
  interface DocumentEventMap extends WidgetEvents {}
}
