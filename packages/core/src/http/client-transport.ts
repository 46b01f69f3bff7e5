/**
 * The remote client's transport: one `fetch` per call with the configured headers and bearer
 * token, one retry after a 401 with a fresh token (`getToken()`), abort signals passed through,
 * and error responses turned back into crmkit's error classes.
 */
import { errorFromResponse, TransportError, UnauthorizedError } from './wire.js'

/** A `fetch`-compatible function. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** What the transport needs from the client's options. */
export interface TransportOptions {
  readonly baseUrl: string
  readonly fetch?: FetchLike
  readonly headers?:
    | Readonly<Record<string, string>>
    | (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>)
  readonly getToken?: () => string | null | undefined | Promise<string | null | undefined>
}

/** Sends requests; shared by every call and the event stream of one client. */
export interface Transport {
  /** Send; on a 401 fetch a new token and send once more. Non-2xx answers are returned, not thrown. */
  send(
    path: string,
    init: { method: 'GET' | 'POST'; body?: string; headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<Response>
  /** Throw the crmkit error an error response carries. */
  fail(response: Response): Promise<never>
}

/** Create the transport of a client. */
export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '')
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let token: Promise<string | null | undefined> | undefined
  const currentToken = () => {
    if (!options.getToken) return undefined
    token ??= Promise.resolve(options.getToken())
    return token
  }

  async function once(path: string, init: Parameters<Transport['send']>[1], bearer: string | null | undefined) {
    // An already aborted call sends nothing, whatever the `fetch` implementation does.
    init.signal?.throwIfAborted()
    const extra = typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {})
    const headers: Record<string, string> = { ...extra, ...init.headers }
    if (bearer) headers.authorization = `Bearer ${bearer}`
    try {
      return await doFetch(`${base}${path}`, {
        method: init.method,
        headers,
        ...(init.body === undefined ? {} : { body: init.body }),
        ...(init.signal ? { signal: init.signal } : {}),
      })
    } catch (error) {
      // An abort is the caller's decision: rethrow it as fetch reports it (AbortError).
      if (init.signal?.aborted) throw init.signal.reason ?? error
      throw new TransportError(0, 'NETWORK', `Request to ${base}${path} failed`, { cause: error })
    }
  }

  return {
    async send(path, init) {
      const response = await once(path, init, await currentToken())
      if (response.status !== 401 || !options.getToken) return response
      // The token may have expired: get a new one and try once more.
      await response.body?.cancel().catch(() => {})
      token = Promise.resolve(options.getToken())
      return once(path, init, await token)
    },
    async fail(response) {
      let body: unknown
      try {
        body = await response.json()
      } catch {
        body = undefined
      }
      const error = errorFromResponse(response.status, body)
      if (response.status === 401 && !(error instanceof UnauthorizedError)) throw new UnauthorizedError()
      throw error
    },
  }
}
