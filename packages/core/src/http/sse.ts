/**
 * The live event stream: `GET {base}/events/stream` answers `text/event-stream` (Server-Sent
 * Events) with the tenant's domain events read from the outbox (`t.events.list`), in write
 * order. Each event's SSE `id` is its event id, so a client that reconnects with
 * `Last-Event-ID` (browsers' `EventSource` does so by itself) resumes right after the last
 * event it received and misses nothing, even events written while it was away.
 *
 * The outbox is polled; a commit in this process (the CRM's bus) wakes the stream at once,
 * so events written through the same server arrive without waiting for the next poll.
 */
import type { Crm, TenantCrm } from '../crm.js'
import type { AnyCrmEvent } from '../events/types.js'

/** Options of the event stream. */
export interface EventStreamOptions {
  /** How often the outbox is read when nothing woke the stream, in ms. Default 1000. */
  readonly pollIntervalMs?: number
  /** A comment line every this many ms keeps proxies from closing an idle stream. Default 15000. */
  readonly heartbeatMs?: number
}

const PAGE = 100
const encoder = new TextEncoder()

/** One event in SSE framing. Event JSON has no raw newlines, so one `data:` line holds it. */
export const sseFrame = (event: AnyCrmEvent): string =>
  `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`

/**
 * Where a stream without `Last-Event-ID` starts: after the newest stored event (live events
 * only), or from the beginning when the tenant has none yet.
 */
export async function newestEventId(crm: Crm, tenantId: string): Promise<string | undefined> {
  const [row] = await crm.storage.query('events', tenantId, { orderBy: { column: 'id', direction: 'desc' }, limit: 1 })
  return row === undefined ? undefined : String(row.id)
}

/**
 * The SSE response body. The first page is read before this is called (`first`), so a bad
 * `Last-Event-ID` is a 400 response rather than a stream that dies at once.
 */
export function eventStream(
  crm: Crm,
  t: TenantCrm,
  start: { readonly cursor: string | undefined; readonly first: readonly AnyCrmEvent[]; readonly more: boolean },
  signal: AbortSignal,
  options: EventStreamOptions = {},
): ReadableStream<Uint8Array> {
  const pollMs = options.pollIntervalMs ?? 1000
  const heartbeatMs = options.heartbeatMs ?? 15_000
  let closed = false
  let wake: (() => void) | undefined
  const unsubscribe = crm.events.onAny((event) => {
    if (event.tenantId === t.tenantId) wake?.()
  })
  const stop = () => {
    closed = true
    unsubscribe()
    wake?.()
  }
  signal.addEventListener('abort', stop, { once: true })

  /** Wait for a wake-up, the poll interval, or the heartbeat; true when a heartbeat is due. */
  const pause = (lastWrite: number) =>
    new Promise<boolean>((resolve) => {
      const heartbeatIn = Math.max(0, lastWrite + heartbeatMs - Date.now())
      const timer = setTimeout(() => finish(heartbeatIn <= pollMs), Math.min(pollMs, heartbeatIn))
      const finish = (beat: boolean) => {
        clearTimeout(timer)
        wake = undefined
        resolve(beat)
      }
      wake = () => finish(false)
    })

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let cursor = start.cursor
      let lastWrite = Date.now()
      const send = (text: string) => {
        controller.enqueue(encoder.encode(text))
        lastWrite = Date.now()
      }
      try {
        send('retry: 2000\n\n')
        let page: readonly AnyCrmEvent[] = start.first
        let more = start.more
        while (!closed) {
          for (const event of page) send(sseFrame(event))
          if (page.length > 0) cursor = page[page.length - 1]?.id ?? cursor
          if (!more && (await pause(lastWrite)) && !closed) send(': ping\n\n')
          if (closed) break
          const next = await t.events.list({ ...(cursor === undefined ? {} : { cursor }), limit: PAGE })
          page = next.items
          more = next.nextCursor !== null
        }
      } catch {
        // Storage failed mid-stream: end it; the client reconnects with the last id it got.
      } finally {
        stop()
        try {
          controller.close()
        } catch {
          // Already closed by a cancel.
        }
      }
    },
    cancel() {
      stop()
    },
  })
}

/** Read the first page of the stream (validates the cursor). */
export async function firstPage(
  t: TenantCrm,
  cursor: string | undefined,
): Promise<{ cursor: string | undefined; first: readonly AnyCrmEvent[]; more: boolean }> {
  const page = await t.events.list({ ...(cursor === undefined ? {} : { cursor }), limit: PAGE })
  return { cursor, first: page.items, more: page.nextCursor !== null }
}
