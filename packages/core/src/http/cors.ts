/**
 * Cross-origin access (CORS) for browsers on other origins. Without options nothing is
 * allowed cross-origin: same-origin pages and servers need none of it.
 */

/** Which other origins may call the handler from a browser. */
export interface CorsOptions {
  /** Allowed origins: a list (`['https://app.example.com']`), `'*'` (any, without credentials) or a predicate. */
  readonly origin: readonly string[] | '*' | ((origin: string) => boolean)
  /** Whether cookies / HTTP auth may be sent (`Access-Control-Allow-Credentials`). Not with `'*'`. Default false. */
  readonly credentials?: boolean
  /** Extra request headers the browser may send, beside the ones crmkit uses. */
  readonly allowHeaders?: readonly string[]
  /** How long (seconds) a browser may cache a preflight. Default 600. */
  readonly maxAge?: number
}

const BASE_HEADERS = ['content-type', 'authorization', 'idempotency-key', 'last-event-id']

function allowed(options: CorsOptions, origin: string): boolean {
  if (options.origin === '*') return true
  if (typeof options.origin === 'function') return options.origin(origin)
  return options.origin.includes(origin)
}

/** Headers for an actual (non-preflight) response. */
export function corsHeaders(options: CorsOptions | undefined, request: Request): Record<string, string> {
  const origin = request.headers.get('origin')
  if (options === undefined || origin === null || !allowed(options, origin)) return {}
  const wildcard = options.origin === '*' && options.credentials !== true
  return {
    'access-control-allow-origin': wildcard ? '*' : origin,
    ...(wildcard ? {} : { vary: 'Origin' }),
    ...(options.credentials === true && !wildcard ? { 'access-control-allow-credentials': 'true' } : {}),
    'access-control-expose-headers': 'idempotent-replayed, retry-after',
  }
}

/** The answer to an `OPTIONS` preflight: 204 with the allowances, or 204 without them (the browser then refuses). */
export function preflight(options: CorsOptions | undefined, request: Request): Response {
  const headers = new Headers()
  const origin = request.headers.get('origin')
  if (options !== undefined && origin !== null && allowed(options, origin)) {
    headers.set('access-control-allow-methods', 'GET, POST, OPTIONS')
    headers.set('access-control-allow-headers', [...BASE_HEADERS, ...(options.allowHeaders ?? [])].join(', '))
    headers.set('access-control-max-age', String(options.maxAge ?? 600))
  }
  return new Response(null, { status: 204, headers })
}
