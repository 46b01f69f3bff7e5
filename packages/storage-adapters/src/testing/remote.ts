/**
 * The conformance suite over HTTP: a facade with the `Crm` shape whose `forTenant` returns
 * `createRemoteCrm(...)` talking to `createCrmHandler` over the real facade, so every area of
 * the suite runs remote client -> handler -> adapter and checks the same results. The
 * client's `fetch` calls the handler in-process (a `Request` in, a `Response` out): the whole
 * HTTP layer runs (routing, JSON bodies, status codes, error bodies), without sockets. The
 * load test (`bench/http.bench.mjs`) and `examples/http-server` go over real sockets.
 */
import type { Crm, TenantCrm } from '@crmkit/core'
import { createRemoteCrm } from '@crmkit/core/client'
import { type CrmHandler, type CrmHandlerOptions, createCrmHandler } from '@crmkit/core/http'

/** Test-only headers carrying tenant and actor; the handler's `resolveContext` reads them. */
export const TEST_TENANT_HEADER = 'x-crmkit-test-tenant'
export const TEST_ACTOR_HEADER = 'x-crmkit-test-actor'

/** A handler whose context comes from the test headers (a host would authenticate instead). */
export function testHandler(crm: Crm, options: Partial<CrmHandlerOptions> = {}): CrmHandler {
  return createCrmHandler({
    crm,
    // The conformance suite asks for pages up to the schemas' own maximum (1000).
    maxListLimit: 1000,
    // Arguments up to the suite's largest (20 MB of metadata, refused by the service itself) pass the body limit.
    maxBodyBytes: 64 * 1024 * 1024,
    resolveContext: (request) => {
      const tenantId = request.headers.get(TEST_TENANT_HEADER)
      const actor = request.headers.get(TEST_ACTOR_HEADER)
      return tenantId === null || actor === null ? null : { tenantId, actor }
    },
    ...options,
  })
}

/** A `fetch` that hands the request to `handler` in-process. */
export const inProcessFetch =
  (handler: CrmHandler) =>
  (input: string, init: RequestInit): Promise<Response> =>
    handler(new Request(input, init))

/** A remote client for one tenant of `handler`'s CRM. */
export function remoteTenant(handler: CrmHandler, tenantId: string, actor: string): TenantCrm {
  const remote = createRemoteCrm({
    baseUrl: 'http://crmkit.test',
    fetch: inProcessFetch(handler),
    headers: { [TEST_TENANT_HEADER]: tenantId, [TEST_ACTOR_HEADER]: actor },
    reconnectDelayMs: 20,
  })
  // The client learns tenant and actor from the server (`ready()`); the suite knows them already.
  Object.defineProperties(remote, { tenantId: { value: tenantId }, actor: { value: actor } })
  return remote
}

/**
 * Wrap a CRM so that its tenants are remote clients of a handler over it. `forTenant` still
 * validates its arguments locally first (as the server would), then returns the remote client.
 */
export function overHttp(crm: Crm): Crm {
  const handler = testHandler(crm)
  return {
    storage: crm.storage,
    events: crm.events,
    migrate: () => crm.migrate(),
    close: () => crm.close(),
    forTenant(tenantId, options) {
      const local = crm.forTenant(tenantId, options)
      return remoteTenant(handler, local.tenantId, local.actor)
    },
  }
}

/** No schema accepts this: it stands for a value JSON cannot carry (the client refuses to send it). */
const UNSENDABLE = Symbol('not JSON')

/** What the server receives for `value` (the client's JSON: an invalid Date is sent as text). */
export function overHttpWire(value: unknown): unknown {
  if (value === undefined) return undefined
  try {
    const text = JSON.stringify(value, function (this: Record<string, unknown>, key, inner: unknown) {
      const original = this[key]
      return original instanceof Date && Number.isNaN(original.getTime()) ? 'Invalid Date' : inner
    })
    return text === undefined ? undefined : JSON.parse(text)
  } catch {
    return UNSENDABLE
  }
}

/** The suite options that run it over HTTP. */
export const httpSuiteOptions = { transport: overHttp, wire: overHttpWire } as const
