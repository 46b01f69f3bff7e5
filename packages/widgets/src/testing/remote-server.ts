/**
 * Global setup of the `widgets-remote` test project (runs in Node, not in the page): a real
 * crmkit HTTP server on 127.0.0.1 — `node:http` + `toNodeListener(createCrmHandler(...))` over the
 * memory adapter — whose URL the page reads with `inject('crmServerUrl')`.
 *
 * Two mounts mirror the in-page fixtures: `/live` (system clock, as `createTestCrm` and the board
 * fixture) and `/at-now` (clock fixed at the contact fixture's NOW). The bearer token is the
 * tenant id, so every test gets its own tenant; `stale:<tenant>` is a token the server refuses
 * (401), for the token-refresh check.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCrm } from '@crmkit/core'
import { createCrmHandler } from '@crmkit/core/http'
import { toNodeListener } from '@crmkit/core/http/node'
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import type { TestProject } from 'vitest/node'
import { NOW } from './now.js'

/** Tenant id from `Authorization: Bearer <tenant>`; a `stale:` token (or none) is refused. */
function contextOf(request: Request): { tenantId: string; actor: string } | null {
  const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
  if (token === undefined || token.startsWith('stale:')) return null
  return { tenantId: token, actor: 'tester' }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mounts = new Map<string, ReturnType<typeof toNodeListener>>()
  for (const [path, clock] of [
    ['/live', undefined],
    ['/at-now', () => new Date(NOW)],
  ] as const) {
    const crm = createCrm({ storage: memoryStorage(), ...(clock ? { clock } : {}) })
    await crm.migrate()
    const handler = createCrmHandler({
      crm,
      basePath: path,
      resolveContext: contextOf,
      // The test page is served by Vite on another origin (localhost:<port>): a real cross-origin setup.
      cors: { origin: (origin) => /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin) },
      // Writes go through this server, which wakes the stream at once; the poll is the fallback.
      events: { pollIntervalMs: 200 },
      onError: (error) => console.error('crmkit test server:', error),
    })
    mounts.set(path, toNodeListener(handler))
  }
  const server = createServer((req, res) => {
    const prefix = `/${(req.url ?? '/').split('/')[1] ?? ''}`
    const listener = mounts.get(prefix)
    if (listener) return void listener(req, res)
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  project.provide('crmServerUrl', `http://127.0.0.1:${port}`)
  return async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}
