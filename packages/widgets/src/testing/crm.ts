/**
 * Test support (not part of the package): a tenant to test against — a real crmkit on the memory
 * adapter inside the page, or the remote client against the test server (see `clients.ts`).
 */
import type { TenantCrm } from '@crmkit/core'
import { createTestClient, type TestClient } from './clients.js'

/** A fresh tenant (`acme` locally, a unique tenant remotely) and its live events. */
export type TestCrm = TestClient

/** A fresh tenant: a new in-page crm on the memory adapter, or a new tenant on the test server. */
export function createTestCrm(): Promise<TestCrm> {
  return createTestClient({ tenant: 'acme' })
}

/** Wait for `predicate` (polled every animation frame), failing after `timeout` ms with `what`. */
export async function waitFor(predicate: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const start = performance.now()
  while (!predicate()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`)
    // setTimeout, not requestAnimationFrame: headless Chromium occasionally stops firing frames.
    await new Promise((resolve) => setTimeout(resolve, 16))
  }
}

/** Mount `html` in a fresh container on the page; returns the container (remove it in afterEach). */
export function mount(markup: string): HTMLElement {
  const container = document.createElement('div')
  container.innerHTML = markup
  document.body.append(container)
  return container
}

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim']
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Lee']

/** `n` contacts with predictable names (`First Last i`) and emails `c<i>@example.com`. */
export async function seedContacts(t: TenantCrm, n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => ({
    email: `c${i}@example.com`,
    firstName: firstNames[i % firstNames.length] ?? 'Ada',
    lastName: `${lastNames[Math.floor(i / firstNames.length) % lastNames.length]} ${i}`,
  }))
  const result = await t.contacts.importMany(rows, { batchSize: 5000 })
  if (result.failed.length > 0) throw new Error(`seeding failed: ${JSON.stringify(result.failed[0])}`)
}

/**
 * Wait until the list's virtualizer has measured its rows: the scroll height stops changing for a
 * few polls (setTimeout-based, bounded).
 */
export async function settled(list: HTMLElement, timeout = 10_000): Promise<void> {
  const body = list.shadowRoot?.querySelector<HTMLElement>('.body')
  if (!body) throw new Error('no scroller in the list')
  let last = -1
  let stable = 0
  const start = performance.now()
  while (stable < 4) {
    if (performance.now() - start > timeout) throw new Error('the list did not settle')
    await new Promise((resolve) => setTimeout(resolve, 25))
    const height = body.scrollHeight
    stable = height === last ? stable + 1 : 0
    last = height
  }
}
