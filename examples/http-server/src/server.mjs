// crmkit mounted in a plain Node server: `npm start` (in examples/http-server), then e.g.
//   curl -X POST localhost:3000/api/crm/contacts/create -H 'authorization: Bearer acme:ada' \
//        -H 'content-type: application/json' -d '{"input":{"email":"ada@example.com"}}'
// The host owns authentication: `resolveContext` maps a request to a tenant and an actor.
// Here a toy bearer token "tenant:user" stands in for your session or JWT check.
import { createServer } from 'node:http'
import { createCrm } from '@crmkit/core'
import { createCrmHandler } from '@crmkit/core/http'
import { toNodeListener } from '@crmkit/core/http/node'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'

/** Start the server; resolves with it once it listens. */
export async function start({ port = 3000, filename = process.env.CRMKIT_DB ?? 'crm.db' } = {}) {
  const crm = createCrm({ storage: sqliteStorage({ filename }) })
  await crm.migrate()
  const handler = createCrmHandler({ crm, basePath: '/api/crm', resolveContext: fromBearer })
  const server = createServer(toNodeListener(handler))
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)))
  server.on('close', () => void crm.close())
  return server
}

/** The toy authentication: `Authorization: Bearer <tenant>:<user>`. Use your real one. */
function fromBearer(request) {
  const [tenantId, actor] = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '').split(':')
  return tenantId && actor ? { tenantId, actor } : null
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await start({ port: Number(process.env.PORT ?? 3000) })
  console.log(`crmkit listening on http://127.0.0.1:${server.address().port}/api/crm`)
}
