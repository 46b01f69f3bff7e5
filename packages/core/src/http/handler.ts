/**
 * `createCrmHandler`: crmkit over HTTP as one web-standard fetch handler,
 * `(request: Request) => Promise<Response>`, which runs as is in Hono, Next.js route handlers,
 * Bun, Deno and workers (Node's `node:http` and Express through `@crmkit/core/http/node`).
 *
 * Every declared tenant method is `POST {basePath}/{service}/{method}` with a JSON object of
 * its named arguments (see `routes.ts`); `resolveContext(request)` alone decides the tenant and
 * the actor — a tenant id in a body or query string is ignored.
 */
import type { Crm, TenantCrm, TenantOptions } from '../crm.js'
import { CrmError, ValidationError } from '../errors.js'
import type { JsonValue } from '../storage/port.js'
import { isBodyRefusal, isJsonContentType, parseJsonBody, readLimited, refusalResponse } from './body.js'
import { type CorsOptions, corsHeaders, preflight } from './cors.js'
import { claimKey, completeKey, fingerprintOf } from './idempotency.js'
import { openApiDocument } from './openapi.js'
import {
  CONTEXT_PATH,
  EVENTS_STREAM_PATH,
  IDEMPOTENCY_HEADER,
  OPENAPI_PATH,
  REPLAY_HEADER,
  type Route,
  routeTable,
} from './routes.js'
import { type EventStreamOptions, eventStream, firstPage, newestEventId } from './sse.js'
import { errorResponseOf, httpError, UnauthorizedError } from './wire.js'

/**
 * Who a request acts for: the tenant and the options of `crm.forTenant` (today the actor).
 * Everything but `tenantId` is handed to `forTenant` as is, so options it gains later (such
 * as access rules) flow through without a change here.
 */
export type RequestContext = { readonly tenantId: string } & TenantOptions

/** Options of {@link createCrmHandler}. */
export interface CrmHandlerOptions {
  /** The CRM to serve (`createCrm(...)`, migrated). */
  readonly crm: Crm
  /**
   * The only source of tenant and actor: authenticate the request (cookie, bearer token...)
   * and return its context, or `null` to answer 401. Throwing `UnauthorizedError` is a 401,
   * `ForbiddenError` a 403.
   */
  readonly resolveContext: (
    request: Request,
  ) => RequestContext | null | undefined | Promise<RequestContext | null | undefined>
  /** The path the handler is mounted at, e.g. `/api/crm`. Default `''`. */
  readonly basePath?: string
  /** Largest accepted request body in bytes (larger is 413). Default 1 MiB. */
  readonly maxBodyBytes?: number
  /** Deepest accepted JSON nesting (deeper is 400). Default 128 (a filter may nest 32 levels, two JSON levels each). */
  readonly maxJsonDepth?: number
  /** Largest `limit` a list call may ask for over HTTP (larger is 400). Default 500. */
  readonly maxListLimit?: number
  /** Cross-origin access for browsers on other origins. Default: none (same origin only). */
  readonly cors?: CorsOptions
  /** Idempotency keys: a pending first request older than this is taken over. Default 60 s. */
  readonly idempotencyStaleAfterMs?: number
  /** The live event stream's timing. */
  readonly events?: EventStreamOptions
  /** Called with errors that are not crmkit's (bugs, driver failures) before a 5xx is sent. */
  readonly onError?: (error: unknown, request: Request) => void
}

/** A web-standard fetch handler. */
export type CrmHandler = (request: Request) => Promise<Response>

/** Names a body may carry that the handler ignores: the context decides them. */
const IGNORED_KEYS = new Set(['tenantId', 'actor'])
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

/**
 * Create the HTTP handler.
 *
 * @example
 * ```ts
 * const handler = createCrmHandler({
 *   crm,
 *   basePath: '/api/crm',
 *   resolveContext: async (req) => {
 *     const user = await auth(req)
 *     return user ? { tenantId: user.orgId, actor: user.id } : null
 *   },
 * })
 * export default { fetch: handler } // Bun, Deno, workers; or app.all('/api/crm/*', (c) => handler(c.req.raw)) in Hono
 * ```
 */
export function createCrmHandler(options: CrmHandlerOptions): CrmHandler {
  const { crm } = options
  const base = (options.basePath ?? '').replace(/\/+$/, '')
  const maxBody = options.maxBodyBytes ?? 1024 * 1024
  const maxDepth = options.maxJsonDepth ?? 128
  const maxLimit = options.maxListLimit ?? 500
  const staleAfterMs = options.idempotencyStaleAfterMs ?? 60_000
  const routes = routeTable()
  let openApiText: string | undefined

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body ?? null), {
      status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...headers,
      },
    })

  const fail = (request: Request, error: unknown) => {
    if (!(error instanceof CrmError) || error.code === 'STORAGE') options.onError?.(error, request)
    const { status, body } = errorResponseOf(error)
    return json(status, body)
  }

  async function tenantFor(request: Request): Promise<TenantCrm> {
    const context = await options.resolveContext(request)
    if (context === null || context === undefined) throw new UnauthorizedError()
    const { tenantId, ...tenantOptions } = context
    return crm.forTenant(tenantId, tenantOptions)
  }

  async function call(request: Request, route: Route): Promise<Response> {
    const { decl } = route
    if (request.method !== 'POST') {
      return json(405, httpError('METHOD_NOT_ALLOWED', `${route.path} takes POST`).body, { allow: 'POST' })
    }
    // Authenticate before reading the body: an anonymous caller costs no parsing.
    const t = await tenantFor(request)
    const bytes = await readLimited(request, maxBody)
    if (isBodyRefusal(bytes)) {
      const { status, body } = refusalResponse(bytes)
      return json(status, body)
    }
    if (bytes.byteLength > 0 && !isJsonContentType(request.headers.get('content-type'))) {
      const { status, body } = httpError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json (UTF-8)')
      return json(status, body)
    }
    const body = parseJsonBody(bytes, maxDepth)
    const args = argumentsOf(route, body, maxLimit)
    const service = (t as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[route.service]
    const invoke = () => service?.[route.method]?.(...args)
    if (decl.kind === 'stream') return streamResponse(invoke() as AsyncIterable<unknown>)
    const key = decl.kind === 'mutation' ? request.headers.get(IDEMPOTENCY_HEADER) : null
    if (key === null) return json(200, await invoke())
    if (!KEY_PATTERN.test(key)) {
      const message = 'Idempotency-Key must be 1-255 visible ASCII characters'
      throw new ValidationError(message, [{ path: ['Idempotency-Key'], message, code: 'custom' }])
    }
    const claim = await claimKey(crm.storage, t.tenantId, key, await fingerprintOf(route.path, bytes), {
      now: new Date(),
      staleAfterMs,
    })
    if (claim.kind === 'replay') return json(claim.status, claim.body, { [REPLAY_HEADER]: 'true' })
    if (claim.kind === 'mismatch') {
      const message = 'This Idempotency-Key was used for a different request'
      throw new ValidationError(message, [{ path: ['Idempotency-Key'], message, code: 'custom' }])
    }
    if (claim.kind === 'busy') {
      return json(409, httpError('CONFLICT', 'A request with this Idempotency-Key is still running').body, {
        'retry-after': '1',
      })
    }
    let status: number
    let result: unknown
    try {
      result = (await invoke()) ?? null
      status = 200
    } catch (error) {
      const response = errorResponseOf(error)
      if (!(error instanceof CrmError) || error.code === 'STORAGE') options.onError?.(error, request)
      status = response.status
      result = response.body
    }
    await completeKey(crm.storage, t.tenantId, claim, status, result as JsonValue, new Date())
    return json(status, result)
  }

  async function events(request: Request): Promise<Response> {
    const t = await tenantFor(request)
    const url = new URL(request.url)
    const resume = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId')
    const cursor = resume === null || resume === '' ? await newestEventId(crm, t.tenantId) : resume
    const start = await firstPage(t, cursor)
    return new Response(eventStream(crm, t, start, request.signal, options.events), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      },
    })
  }

  async function route(request: Request, path: string): Promise<Response> {
    if (path === OPENAPI_PATH && request.method === 'GET') {
      openApiText ??= JSON.stringify(openApiDocument({ basePath: base }))
      return new Response(openApiText, { headers: { 'content-type': 'application/json; charset=utf-8' } })
    }
    if (path === EVENTS_STREAM_PATH && request.method === 'GET') return events(request)
    if (path === CONTEXT_PATH && request.method === 'GET') {
      const t = await tenantFor(request)
      return json(200, { tenantId: t.tenantId, actor: t.actor })
    }
    const found = routes.get(path)
    if (found) return call(request, found)
    return json(404, httpError('NOT_FOUND', `No route ${request.method} ${base}${path}`).body)
  }

  return async (request) => {
    const url = new URL(request.url)
    const path = url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : undefined
    const cors = corsHeaders(options.cors, request)
    let response: Response
    if (request.method === 'OPTIONS') response = preflight(options.cors, request)
    else if (path === undefined) response = json(404, httpError('NOT_FOUND', 'Outside the CRM API').body)
    else {
      try {
        response = await route(request, path)
      } catch (error) {
        response = fail(request, error)
      }
    }
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value)
    return response
  }
}

/** The positional arguments of a call from the named arguments of its body. */
function argumentsOf(route: Route, body: Record<string, unknown>, maxLimit: number): unknown[] {
  const names = new Set(route.decl.args.map((a) => a.name))
  const unknown = Object.keys(body).filter((key) => !names.has(key) && !IGNORED_KEYS.has(key))
  if (unknown.length > 0) {
    throw new ValidationError(
      `Unknown argument${unknown.length > 1 ? 's' : ''} of ${route.service}.${route.method}: ${unknown.join(', ')}`,
      unknown.map((key) => ({ path: [key], message: 'Unknown argument', code: 'unrecognized_keys' })),
    )
  }
  const args = route.decl.args.map((a) => (Object.hasOwn(body, a.name) ? body[a.name] : undefined))
  for (const [index, a] of route.decl.args.entries()) {
    const value = args[index] as { limit?: unknown } | null | undefined
    if (typeof value === 'object' && value !== null && typeof value.limit === 'number' && value.limit > maxLimit) {
      // The path is inside the argument, as in the issues of the method's own validation.
      const message = `Must be <= ${maxLimit} over HTTP`
      throw new ValidationError(`Invalid ${a.name}: limit: ${message}`, [{ path: ['limit'], message, code: 'too_big' }])
    }
  }
  // Trailing arguments left out stay out, as in a local call.
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop()
  return args
}

/** A stream method's answer: one JSON line per item (`{"item":...}`), an error as a last line. */
async function streamResponse(iterable: AsyncIterable<unknown>): Promise<Response> {
  const iterator = iterable[Symbol.asyncIterator]()
  // The first item is awaited before answering, so bad input is a 400, not a broken stream.
  const first = await iterator.next()
  const encoder = new TextEncoder()
  let pending: IteratorResult<unknown> | undefined = first
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = pending ?? (await iterator.next())
        pending = undefined
        if (next.done) {
          controller.close()
          return
        }
        controller.enqueue(encoder.encode(`${JSON.stringify({ item: next.value })}\n`))
      } catch (error) {
        controller.enqueue(encoder.encode(`${JSON.stringify(errorResponseOf(error).body)}\n`))
        controller.close()
      }
    },
    async cancel() {
      await iterator.return?.()
    },
  })
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } })
}
