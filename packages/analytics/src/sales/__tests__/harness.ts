/**
 * Test harness of the CRM analytics: the same tenant on every storage adapter (memory,
 * SQLite, and Postgres / MySQL when their servers answer; under CI=true an unreachable
 * server fails the run), with a settable clock and deterministic ids, so that one seed
 * script produces identical data everywhere.
 */
import { createCrm, type StorageAdapter, type TenantCrm } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import { availableSqlDialects, createTestDatabase } from '@crmkit/storage-adapters/test-databases'

/** Adapter names under test: memory plus every reachable SQL dialect. */
export const adapters: readonly string[] = ['memory', ...(await availableSqlDialects())]

/** A migrated CRM on one adapter, with a clock the seed moves forward. */
export interface TestCrm {
  readonly t: TenantCrm
  readonly storage: StorageAdapter
  /** Another tenant on the same database (for isolation checks). */
  tenant(id: string): TenantCrm
  /** Set the time of the next writes (ISO instant). */
  at(iso: string): void
  close(): Promise<void>
}

/** Ids `00000000-0000-7000-8000-<counter>`: unique, sortable in creation order, equal on every adapter. */
function counterIds(): () => string {
  let n = 0
  return () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`
}

/** Open a fresh database of `adapter` and a tenant on it. */
export async function openCrm(adapter: string): Promise<TestCrm> {
  let now = new Date('2026-01-01T09:00:00.000Z')
  let drop = async () => {}
  let storage: StorageAdapter
  if (adapter === 'memory') storage = memoryStorage()
  else {
    const db = await createTestDatabase(adapter as 'sqlite' | 'postgres' | 'mysql')
    storage = db.storage()
    drop = () => db.drop()
  }
  const crm = createCrm({ storage, clock: () => now, ids: counterIds() })
  await crm.migrate()
  return {
    t: crm.forTenant('acme', { actor: 'seed' }),
    storage,
    tenant: (id) => crm.forTenant(id, { actor: 'seed' }),
    at(iso) {
      now = new Date(iso)
    },
    async close() {
      await crm.close()
      await drop()
    },
  }
}

/** Timeouts for suites that create databases. */
export const DB_TIMEOUT = 120_000
