/**
 * Live events in the remote client: `t.events.on(type, listener)` as on the local bus, fed by
 * the handler's Server-Sent Events stream. One stream per client, opened with the first
 * subscription and closed with the last; after a drop it reconnects with `Last-Event-ID`,
 * so events written meanwhile are delivered, in order, without duplicates.
 */
import type { AnyCrmEvent, CrmEventListener, CrmEventType } from '../events/types.js'
import type { Transport } from './client-transport.js'
import { EVENTS_STREAM_PATH } from './routes.js'
import { readSse } from './sse-client.js'

/** Subscribe to the tenant's live events (remote client). */
export interface RemoteEventSubscriptions {
  /** Call `listener` for every event of `type`. @returns a function that unsubscribes. */
  on<K extends CrmEventType>(type: K, listener: CrmEventListener<K>): () => void
  /** Call `listener` for every event. @returns a function that unsubscribes. */
  onAny(listener: (event: AnyCrmEvent) => void | Promise<void>): () => void
  /** Receive stream failures (the stream reconnects by itself) and listener errors. @returns unsubscribe. */
  onError(listener: (error: unknown) => void): () => void
  /**
   * Resolves when the stream is open. Events committed after that are delivered; a write made
   * before the first subscription's stream opened may be missed (the stream starts at "now").
   */
  connected(): Promise<void>
}

type Box = { readonly type: string | undefined; readonly fn: (event: AnyCrmEvent) => void | Promise<void> }

/** The live-event half of a remote client. */
export function createRemoteEvents(
  transport: Transport,
  reconnectDelayMs: number,
): RemoteEventSubscriptions & { close(): void } {
  const listeners = new Set<Box>()
  const errorListeners = new Set<{ readonly fn: (error: unknown) => void }>()
  let connection: AbortController | undefined
  let lastEventId: string | undefined
  let opened: { promise: Promise<void>; resolve: () => void } | undefined

  const report = (error: unknown) => {
    if (errorListeners.size === 0) console.error('crmkit: live events', error)
    for (const { fn } of [...errorListeners]) fn(error)
  }

  const deliver = (event: AnyCrmEvent) => {
    for (const box of [...listeners]) {
      if (box.type !== undefined && box.type !== event.type) continue
      try {
        const result = box.fn(event)
        if (result && typeof result.then === 'function') result.then(undefined, report)
      } catch (error) {
        report(error)
      }
    }
  }

  async function run(abort: AbortController): Promise<void> {
    while (!abort.signal.aborted) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' }
        if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
        const response = await transport.send(EVENTS_STREAM_PATH, { method: 'GET', headers, signal: abort.signal })
        if (!response.ok || response.body === null) await transport.fail(response)
        opened?.resolve()
        for await (const message of readSse(response.body as ReadableStream<Uint8Array>)) {
          if (message.id !== undefined) lastEventId = message.id
          if (message.data === '') continue
          deliver(JSON.parse(message.data) as AnyCrmEvent)
        }
      } catch (error) {
        if (abort.signal.aborted) return
        report(error)
      }
      await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs))
    }
  }

  const ensure = () => {
    if (connection !== undefined) return
    connection = new AbortController()
    let resolve = () => {}
    opened = { promise: new Promise<void>((r) => (resolve = r)), resolve: () => resolve() }
    void run(connection)
  }

  const close = () => {
    connection?.abort()
    connection = undefined
    opened = undefined
  }

  const subscribe = (box: Box) => {
    listeners.add(box)
    ensure()
    return () => {
      listeners.delete(box)
      if (listeners.size === 0) close()
    }
  }

  return {
    on(type, listener) {
      // Only events of `type` reach this box, so the listener's narrower parameter is safe.
      return subscribe({ type, fn: listener as unknown as Box['fn'] })
    },
    onAny(listener) {
      return subscribe({ type: undefined, fn: listener })
    },
    onError(listener) {
      const box = { fn: listener }
      errorListeners.add(box)
      return () => {
        errorListeners.delete(box)
      }
    },
    connected: () => opened?.promise ?? Promise.resolve(),
    close,
  }
}
