/**
 * The http-server example runs over a real socket: the remote client creates, reads and
 * conflicts through it, the live event stream delivers, and an unauthenticated call is a 401.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConflictError } from '@crmkit/core'
import { createRemoteCrm, UnauthorizedError } from '@crmkit/core/client'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { start } from './server.mjs'

const dir = mkdtempSync(join(tmpdir(), 'crmkit-http-example-'))
let server: Server
let baseUrl: string

beforeAll(async () => {
  server = await start({ port: 0, filename: join(dir, 'crm.db') })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  baseUrl = `http://127.0.0.1:${address.port}/api/crm`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

it('a remote client works against the server over a real socket', async () => {
  const t = createRemoteCrm({ baseUrl, getToken: () => 'acme:ada' })
  const created: string[] = []
  t.events.on('contact.created', (e) => void created.push(e.payload.contact.email ?? ''))
  await t.events.connected()
  const ada = await t.contacts.create({ email: 'ada@example.com', firstName: 'Ada' })
  expect(await t.contacts.get(ada.id)).toEqual(ada)
  await expect(t.contacts.update(ada.id, { firstName: 'A' }, { expectedVersion: 9 })).rejects.toBeInstanceOf(
    ConflictError,
  )
  expect(await t.ready()).toEqual({ tenantId: 'acme', actor: 'ada' })
  await expect.poll(() => created).toEqual(['ada@example.com'])
  t.close()
  const stranger = createRemoteCrm({ baseUrl })
  await expect(stranger.contacts.count()).rejects.toBeInstanceOf(UnauthorizedError)
})
