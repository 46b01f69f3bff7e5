/**
 * Test support (not part of the package): the client the element tests run against. The
 * `widgets` project runs them on a real crmkit inside the page (memory adapter); the
 * `widgets-remote` project runs the same tests on `createRemoteCrm` against the HTTP handler on
 * 127.0.0.1 (`remote-server.ts`), one fresh tenant per fixture. Tests never branch on the kind:
 * they get a `TenantCrm` and an event source.
 */
import type { Clock, TenantCrm } from '@crmkit/core'
import { createRemoteCrm, type RemoteCrm } from '@crmkit/core/client'
import { inject } from 'vitest'
import type { CrmEventSource } from '../shared/context.js'
import { createLocalCrm } from './local-crm.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which client the element tests use; unset means `local`. */
    crmClient: 'local' | 'remote'
    /** Origin of the test server (remote runs only). */
    crmServerUrl: string
  }
}

/** `local` (in-page crmkit) or `remote` (HTTP client against the test server). */
export const clientKind: 'local' | 'remote' = inject('crmClient') ?? 'local'

/** A tenant to test against, and the source of its live events. */
export interface TestClient {
  /** The tenant's services: `crm.forTenant(...)` or a remote client of the same tenant. */
  readonly t: TenantCrm
  /** Live events: the local crm's bus, or the remote client's SSE stream. */
  readonly events: CrmEventSource
  /**
   * Resolves once live events written from now on reach `events` subscribers. Local: at once (the
   * bus is synchronous). Remote: when the SSE stream an element opened is connected, since the
   * stream starts at "now" and a write made before would be missed.
   */
  live(): Promise<void>
}

let tenants = 0

/** A tenant id no other test uses (the test server's memory store outlives each test). */
export function uniqueTenant(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${++tenants}-${Math.random().toString(36).slice(2, 8)}`
}

/** Where the test server serves crmkit: `live` (system clock) or `at-now` (the detail tests' fixed clock). */
export function serverBase(mount: 'live' | 'at-now' = 'live'): string {
  return `${inject('crmServerUrl')}/${mount}`
}

/**
 * A fresh tenant. `local`: a new crm on the memory adapter (with `clock` if given), tenant
 * `tenant`. `remote`: a new tenant on the test server's mount with the same clock (`at-now` when
 * `clock` is given).
 */
export async function createTestClient(options: { tenant: string; clock?: Clock }): Promise<TestClient> {
  if (clientKind === 'local') {
    const { crm, t } = await createLocalCrm(options.tenant, options.clock)
    return { t, events: crm.events, live: async () => {} }
  }
  const tenant = uniqueTenant(options.tenant)
  const t: RemoteCrm = createRemoteCrm({
    baseUrl: serverBase(options.clock ? 'at-now' : 'live'),
    getToken: () => tenant,
    reconnectDelayMs: 200,
  })
  return { t, events: t.events, live: () => t.events.connected() }
}
