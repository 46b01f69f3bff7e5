/**
 * The routes of the HTTP API, derived from the service declaration (`tenantApi`): every
 * declared method is `POST {base}/{service}/{method}` with a JSON object of its named
 * arguments as the body. Nothing here names a method by hand, so a method declared in an
 * `api.ts` is served, typed in the client and documented in OpenAPI without further work.
 */
import type { MethodDecl } from '../shared/api.js'
import { type TenantApi, tenantApi } from '../tenant-api.js'

/** One declared method, as the HTTP layer serves it. */
export interface Route {
  /** `contacts`, `deals`, ... */
  readonly service: keyof TenantApi & string
  /** `create`, `list`, ... */
  readonly method: string
  /** `/contacts/create` (relative to the handler's base path). */
  readonly path: string
  readonly decl: MethodDecl
}

/** Every declared method, in declaration order. */
export function allRoutes(): readonly Route[] {
  const routes: Route[] = []
  for (const [service, methods] of Object.entries(tenantApi)) {
    for (const [method, decl] of Object.entries(methods as Record<string, MethodDecl>)) {
      routes.push({ service: service as keyof TenantApi & string, method, path: `/${service}/${method}`, decl })
    }
  }
  return routes
}

/** The routes by path (`/contacts/create`). */
export function routeTable(): ReadonlyMap<string, Route> {
  return new Map(allRoutes().map((route) => [route.path, route]))
}

/** Path of the live event stream (Server-Sent Events), relative to the base path. */
export const EVENTS_STREAM_PATH = '/events/stream'
/** Path of the OpenAPI document, relative to the base path. */
export const OPENAPI_PATH = '/openapi.json'
/** Path of `GET` "who am I": the tenant and actor `resolveContext` gives this request. */
export const CONTEXT_PATH = '/context'
/** Header carrying an idempotency key on mutations. */
export const IDEMPOTENCY_HEADER = 'idempotency-key'
/** Response header set on a replayed idempotent response. */
export const REPLAY_HEADER = 'idempotent-replayed'
