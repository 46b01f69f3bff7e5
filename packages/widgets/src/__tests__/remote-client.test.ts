/**
 * Remote-only checks (project `widgets-remote`): the elements on `createRemoteCrm` against the
 * test server on 127.0.0.1 — a cross-origin page, CORS answered by the handler — with live
 * updates from the server's SSE stream and a token refresh after a 401 (acceptance rows 4 and 5).
 * The shared element suites run on this client too (see `remoteSuites` in vitest.config.ts).
 */
import { createRemoteCrm, type FetchLike } from '@crmkit/core/client'
import { afterEach, describe, expect, it } from 'vitest'
import type { CrmContactListElement } from '../contact-list/contact-list.component.js'
import { defineContactList } from '../contact-list/contact-list.js'
import type { CrmProviderElement } from '../provider/provider.component.js'
import { defineProvider } from '../provider/provider.js'
import { clientKind, serverBase, uniqueTenant } from '../testing/clients.js'
import { seedContacts, waitFor } from '../testing/crm.js'

defineContactList()
defineProvider()

afterEach(() => {
  document.body.replaceChildren()
})

const rows = (el: HTMLElement) => [...(el.shadowRoot?.querySelectorAll('[role=row][data-row]') ?? [])]
const alert = (el: HTMLElement) => el.shadowRoot?.querySelector('[role=alert]') ?? null

/** `fetch` that records the path and status of every answer. */
function recordingFetch(seen: string[]): FetchLike {
  return async (input, init) => {
    const response = await fetch(input, init)
    seen.push(`${new URL(input).pathname.replace(/^\/live/, '')} ${response.status}`)
    return response
  }
}

describe('remote client against the HTTP handler on 127.0.0.1', () => {
  it('runs on the remote client, cross-origin', () => {
    expect(clientKind).toBe('remote')
    const server = new URL(serverBase())
    expect(server.hostname).toBe('127.0.0.1')
    // The page comes from Vite's server: every call is a CORS request the handler must allow.
    expect(server.origin).not.toBe(location.origin)
  })

  it('a change another client makes on the server reaches a list inside a provider (SSE)', async () => {
    const tenant = uniqueTenant('live')
    const other = createRemoteCrm({ baseUrl: serverBase(), getToken: () => tenant })
    await seedContacts(other, 2)
    const client = createRemoteCrm({ baseUrl: serverBase(), getToken: () => tenant })
    const provider = document.createElement('crm-provider') as CrmProviderElement
    provider.client = client
    provider.events = client.events
    const list = document.createElement('crm-contact-list') as CrmContactListElement
    list.style.setProperty('--crm-contact-list-height', '300px')
    provider.append(list)
    document.body.append(provider)
    await waitFor(() => rows(list).length === 2, 'the first rows')
    await client.events.connected()
    // Written by another client, so only the server's event stream can tell this list.
    await other.contacts.create({ email: 'pushed@example.com', firstName: 'Pushed' })
    await waitFor(() => rows(list).some((r) => r.textContent?.includes('pushed@example.com')), 'the pushed contact')
    expect(list.shadowRoot?.querySelector('[role=grid]')?.getAttribute('aria-rowcount')).toBe('4')
    const first = rows(list).find((r) => r.textContent?.includes('c0@example.com'))
    expect(first).toBeDefined()
    const c0 = (await other.contacts.list({ limit: 10 })).items.find((c) => c.email === 'c0@example.com')
    if (!c0) throw new Error('no c0')
    await other.contacts.update(c0.id, { firstName: 'Renamed' })
    await waitFor(() => rows(list).some((r) => r.textContent?.includes('Renamed')), 'the pushed update')
    expect(alert(list)).toBeNull()
  })

  it('row 5: a 401 on the first request is retried once with a new token, and no error UI shows', async () => {
    const tenant = uniqueTenant('token')
    await seedContacts(createRemoteCrm({ baseUrl: serverBase(), getToken: () => tenant }), 3)
    const issued: string[] = []
    const seen: string[] = []
    const client = createRemoteCrm({
      baseUrl: serverBase(),
      // The first token has expired: the server's resolveContext refuses it (401).
      getToken: () => {
        const token = issued.length === 0 ? `stale:${tenant}` : tenant
        issued.push(token)
        return token
      },
      fetch: recordingFetch(seen),
    })
    const errors: unknown[] = []
    document.addEventListener('crm-load-error', (e) => errors.push(e.detail.error), { once: true })
    const list = document.createElement('crm-contact-list') as CrmContactListElement
    list.style.setProperty('--crm-contact-list-height', '300px')
    list.client = client
    document.body.append(list)
    await waitFor(() => rows(list).length === 3, 'rows with the new token')
    expect(issued).toEqual([`stale:${tenant}`, tenant])
    expect(seen).toEqual(['/contacts/list 401', '/contacts/list 200'])
    expect(alert(list)).toBeNull()
    expect(errors).toEqual([])
    expect(list.shadowRoot?.querySelector('[role=grid]')?.getAttribute('aria-busy')).toBe('false')
  })
})
