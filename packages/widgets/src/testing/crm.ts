/**
 * Test support (not part of the package): a real crmkit on the memory adapter, inside the page.
 */
import { type Crm, createCrm, type TenantCrm } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'

/** A migrated in-page crm and one tenant of it. */
export interface TestCrm {
  readonly crm: Crm
  readonly t: TenantCrm
}

/** A fresh crm on the memory adapter and its tenant `acme`. */
export async function createTestCrm(): Promise<TestCrm> {
  const crm = createCrm({ storage: memoryStorage() })
  await crm.migrate()
  return { crm, t: crm.forTenant('acme', { actor: 'tester' }) }
}

/** Wait for `predicate` (polled every animation frame), failing after `timeout` ms with `what`. */
export async function waitFor(predicate: () => boolean, what: string, timeout = 5_000): Promise<void> {
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
