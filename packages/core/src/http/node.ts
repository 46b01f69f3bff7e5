/**
 * `toNodeListener`: run the fetch handler in Node's `http.createServer` or as Express
 * middleware. A separate entry point (`@crmkit/core/http/node`), so that nothing a browser
 * imports refers to Node. It uses no Node module itself: requests and responses are typed
 * structurally, and Node ≥ 20 has `Request`, `Response` and `ReadableStream` as globals.
 */
import type { CrmHandler } from './handler.js'

/** The part of `http.IncomingMessage` (or an Express request) the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined
  readonly url?: string | undefined
  /** Express: the URL before mounting stripped its prefix. */
  readonly originalUrl?: string | undefined
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  /** Node's socket; a TLS socket has `encrypted: true`. */
  readonly socket?: unknown
}

/** The part of `http.ServerResponse` the adapter writes. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string | string[]>): unknown
  write(chunk: Uint8Array): boolean
  end(): unknown
  once(event: 'drain' | 'close', listener: () => void): unknown
  readonly writableFinished?: boolean
}

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /** The origin to build request URLs with when the Host header cannot be trusted, e.g. `https://crm.example.com`. */
  readonly origin?: string
}

/**
 * A `(req, res)` listener for `http.createServer(listener)` or Express (`app.use('/api/crm',
 * listener)`: mount it before any body parser, it reads the raw body itself).
 */
export function toNodeListener(
  handler: CrmHandler,
  options: NodeListenerOptions = {},
): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  return async (req, res) => {
    const abort = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) abort.abort()
    })
    try {
      const response = await handler(toRequest(req, options, abort.signal))
      await writeResponse(response, res, abort.signal)
    } catch {
      // The handler answers every error itself; this is a socket that went away mid-write.
      if (!res.writableFinished) res.end()
    }
  }
}

function toRequest(req: NodeRequestLike, options: NodeListenerOptions, signal: AbortSignal): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue
    if (typeof value === 'string') headers.set(name, value)
    else for (const v of value) headers.append(name, v)
  }
  const scheme = (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted === true ? 'https' : 'http'
  const origin = options.origin ?? `${scheme}://${headers.get('host') ?? 'localhost'}`
  const url = new URL(req.originalUrl ?? req.url ?? '/', origin)
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        async start(controller) {
          try {
            for await (const chunk of req) {
              controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
            }
            controller.close()
          } catch (error) {
            controller.error(error)
          }
        },
      })
    : null
  // `duplex: 'half'` is how Node's fetch takes a streamed request body.
  return new Request(url, { method, headers, body, signal, ...(hasBody ? { duplex: 'half' } : {}) } as RequestInit)
}

async function writeResponse(response: Response, res: NodeResponseLike, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const cookies = response.headers.getSetCookie?.() ?? []
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, headers)
  if (response.body === null) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  const onAbort = () => {
    reader.cancel().catch(() => {})
  }
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      // Respect backpressure: wait for 'drain' when the socket buffer is full.
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve)
          res.once('close', resolve)
        })
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort)
    res.end()
  }
}
