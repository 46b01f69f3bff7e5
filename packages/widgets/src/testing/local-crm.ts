/**
 * Test support (not part of the package): a real crmkit on the memory adapter, inside the page.
 * No test-runner import, so pages without the runner (the Trusted Types iframe) can use it.
 */
import { type Clock, type Crm, createCrm, type TenantCrm } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'

/** A fresh migrated crm on the memory adapter (with `clock` if given) and its tenant `tenant`. */
export async function createLocalCrm(tenant: string, clock?: Clock): Promise<{ crm: Crm; t: TenantCrm }> {
  const crm = createCrm({ storage: memoryStorage(), ...(clock ? { clock } : {}) })
  await crm.migrate()
  return { crm, t: crm.forTenant(tenant, { actor: 'tester' }) }
}
