/**
 * The in-process event bus. Writes hand it their events after the storage transaction
 * committed, so a subscriber never sees an event whose data was rolled back. Delivery is
 * synchronous and in write order; a subscriber that throws (or whose promise rejects)
 * never breaks the write or other subscribers: the error goes to `onError` listeners.
 */
import type { AnyCrmEvent, CrmEvent, CrmEventErrorListener, CrmEventListener, CrmEventType } from './types.js'

/** Subscribe to domain events: what `crm.events` offers hosts. */
export interface CrmEventBus {
  /**
   * Call `listener` for every committed event of `type`.
   * @returns a function that unsubscribes.
   */
  on<K extends CrmEventType>(type: K, listener: CrmEventListener<K>): () => void
  /** Call `listener` for every committed event. @returns a function that unsubscribes. */
  onAny(listener: (event: AnyCrmEvent) => void | Promise<void>): () => void
  /**
   * Receive errors thrown by subscribers. Without any error listener they are logged with
   * `console.error`, never rethrown into the write. @returns a function that unsubscribes.
   */
  onError(listener: CrmEventErrorListener): () => void
}

/** The bus with its delivery side, used by the services (and by hosts that relay events). */
export interface EventBus extends CrmEventBus {
  /** Deliver committed events to subscribers, in order. Never throws. */
  dispatch(events: readonly AnyCrmEvent[]): void
  /** Whether anyone listens (writes skip building event objects when nobody does). */
  hasSubscribers(): boolean
}

type AnyListener = (event: AnyCrmEvent) => void | Promise<void>
// Sets hold boxes, not functions, so subscribing one function twice gives two subscriptions.
type Box<T> = { readonly fn: T }

/** Create an empty event bus. */
export function createEventBus(): EventBus {
  const byType = new Map<CrmEventType, Set<Box<AnyListener>>>()
  const any = new Set<Box<AnyListener>>()
  const errorListeners = new Set<Box<CrmEventErrorListener>>()

  const subscribe = <T>(set: Set<Box<T>>, fn: T): (() => void) => {
    const box = { fn }
    set.add(box)
    return () => {
      set.delete(box)
    }
  }

  const report = (error: unknown, event: AnyCrmEvent): void => {
    if (errorListeners.size === 0) {
      console.error(`crmkit: a subscriber of "${event.type}" failed`, error)
      return
    }
    for (const { fn } of [...errorListeners]) {
      try {
        fn(error, event)
      } catch (nested) {
        console.error('crmkit: an onError listener failed', nested)
      }
    }
  }

  const deliver = (listener: AnyListener, event: AnyCrmEvent): void => {
    try {
      const result = listener(event)
      if (result && typeof result.then === 'function') {
        result.then(undefined, (error: unknown) => report(error, event))
      }
    } catch (error) {
      report(error, event)
    }
  }

  return {
    on<K extends CrmEventType>(type: K, listener: CrmEventListener<K>): () => void {
      let set = byType.get(type)
      if (!set) {
        set = new Set()
        byType.set(type, set)
      }
      // Only events of `type` reach this set, so the listener's narrower parameter is safe.
      return subscribe(set, listener as unknown as AnyListener)
    },
    onAny(listener) {
      return subscribe(any, listener)
    },
    onError(listener) {
      return subscribe(errorListeners, listener)
    },
    hasSubscribers() {
      return any.size > 0 || [...byType.values()].some((set) => set.size > 0)
    },
    dispatch(events) {
      for (const event of events) {
        const typed = byType.get(event.type)
        // Copy the sets so a listener that unsubscribes during delivery does not skip others.
        if (typed) for (const { fn } of [...typed]) deliver(fn, event)
        for (const { fn } of [...any]) deliver(fn, event)
      }
    },
  }
}

/** Narrow an event to one type (handy inside `onAny`). */
export function isEventOfType<K extends CrmEventType>(
  event: AnyCrmEvent,
  type: K,
): event is Extract<AnyCrmEvent, CrmEvent<K>> {
  return event.type === type
}
