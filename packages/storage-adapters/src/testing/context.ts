import { createCrm } from '@crmkit/core'
import type { LinkTableName, StorageAdapter, StorageRow, TableName } from '@crmkit/core/storage'
import { CrmError, links, tableList } from '@crmkit/core/storage'
import { afterAll, beforeAll } from 'vitest'
import { declarationNotes } from './capabilities.js'
import type { ConformanceHarness, HarnessInstance, RawInspector } from './types.js'

/** The facade under test. */
export type Crm = ReturnType<typeof createCrm>
/** A tenant scope of the facade. */
export type Tenant = ReturnType<Crm['forTenant']>

/**
 * A deterministic clock: every reading returns the current instant and then advances it
 * by `step` ms, so records created one after another get strictly increasing timestamps
 * (sorting and relative-date tests need that) without depending on the wall clock.
 */
export class TestClock {
  private current: number
  private step = 1
  constructor(start = '2026-03-01T12:00:00.000Z') {
    this.current = Date.parse(start)
  }
  /** The function handed to `createCrm({ clock })`. */
  readonly now = (): Date => {
    const at = new Date(this.current)
    this.current += this.step
    return at
  }
  /** Jump to an instant (ISO string or Date). */
  set(at: string | Date): void {
    this.current = typeof at === 'string' ? Date.parse(at) : at.getTime()
  }
  /** Stop advancing: every reading returns the same instant until {@link TestClock.run}. */
  freeze(): void {
    this.step = 0
  }
  /** Advance 1 ms per reading again. */
  run(): void {
    this.step = 1
  }
  /** Run `work` (which may move the clock), then put the clock back where it was. */
  async restoring<T>(work: () => Promise<T>): Promise<T> {
    const before = this.current
    try {
      return await work()
    } finally {
      this.current = before
    }
  }
  /** Peek at the instant the next reading returns, without advancing. */
  peek(): Date {
    return new Date(this.current)
  }
}

/** How the suite reaches the services. */
export interface SuiteOptions {
  /**
   * Wrap every facade the suite builds, e.g. `overHttp` (`testing/remote.ts`) to run the suite
   * through the remote client and the HTTP handler. Default: the facade itself.
   */
  readonly transport?: (crm: Crm) => Crm
  /**
   * Set with `transport`: what a value becomes on its way to the server (JSON there and back).
   * The "service declaration" property compares the declared schema with the value as it arrives.
   */
  readonly wire?: (value: unknown) => unknown
}

/** What every area of the suite works with; created once per suite run. */
export interface SuiteContext {
  readonly harness: ConformanceHarness
  readonly storage: StorageAdapter
  readonly raw: RawInspector
  readonly clock: TestClock
  readonly crm: Crm
  /** A fresh tenant (unique id) scoped with actor `tester`, so tests never see each other's data. */
  tenant(actor?: string): { readonly tenantId: string; readonly t: Tenant }
  /**
   * Set when the suite runs through a transport (`overHttp`): tests that cannot hold there by
   * nature skip themselves with `skipRemote` (see `remote-skips.ts`), naming why.
   */
  readonly remote: boolean
  /** What a value becomes on its way to the services (identity locally, a JSON round trip over HTTP). */
  wire(value: unknown): unknown
  /** Another facade over `storage` (e.g. wrapped for fault injection), closed by the suite. */
  crmOver(storage: StorageAdapter): Crm
}

let tenantCounter = 0

/**
 * Registers the suite-wide `beforeAll`/`afterAll` (create the store, migrate, build the
 * facade; then close and clean up) and returns a getter for the context, valid inside tests.
 */
export function useSuiteContext(harness: ConformanceHarness, options: SuiteOptions = {}): () => SuiteContext {
  let ctx: SuiteContext | undefined
  let instance: HarnessInstance | undefined
  const extra: Crm[] = []
  beforeAll(async () => {
    instance = await harness.create()
    const { storage, raw } = instance
    for (const note of declarationNotes(storage)) console.log(`[crmkit conformance] ${harness.name}: ${note}`)
    const clock = new TestClock()
    const local = createCrm({ storage, clock: clock.now })
    const crm = options.transport ? options.transport(local) : local
    await crm.migrate()
    // Migrations are idempotent: a second run on a migrated store must be a no-op.
    await crm.migrate()
    const run = Math.random().toString(36).slice(2, 8)
    ctx = {
      harness,
      storage,
      raw,
      clock,
      crm,
      remote: options.transport !== undefined,
      wire: options.wire ?? ((value) => value),
      tenant(actor = 'tester') {
        tenantCounter += 1
        const tenantId = `t-${run}-${tenantCounter}`
        return { tenantId, t: crm.forTenant(tenantId, { actor }) }
      },
      crmOver(wrapped) {
        const other = createCrm({ storage: wrapped, clock: clock.now })
        extra.push(other)
        return options.transport ? options.transport(other) : other
      },
    }
  })
  afterAll(async () => {
    // Only the main facade closes the adapter; the extra ones wrap the same adapter.
    try {
      await ctx?.crm.close()
    } finally {
      await instance?.cleanup()
    }
  })
  return () => {
    if (!ctx) throw new Error(`conformance: ${harness.name}: the harness failed to start (see beforeAll error)`)
    return ctx
  }
}

/** Awaits a promise that must reject and returns the error (fails the test if it resolves). */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise
    throw new ExpectedRejection(value)
  } catch (error) {
    if (error instanceof ExpectedRejection) throw error
    return error
  }
}

class ExpectedRejection extends Error {
  constructor(value: unknown) {
    super(`expected the call to reject, but it resolved with ${safeJson(value)}`)
  }
}

/** JSON for messages, tolerant of cycles and bigint. */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Describes an error for assertion messages: class, code and message. */
export function describeError(error: unknown): string {
  if (error instanceof CrmError) return `${error.name}(${error.code}): ${error.message}`
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return safeJson(error)
}

/** Everything a tenant has in storage (all tables, deleted rows, link tables), read raw. */
export interface TenantSnapshot {
  readonly tables: Record<string, StorageRow[]>
  readonly links: Record<string, Array<readonly [string, string]>>
}

/** Reads a full raw snapshot of one tenant; two snapshots compare with `toEqual`. */
export async function snapshotTenant(raw: RawInspector, tenantId: string): Promise<TenantSnapshot> {
  const tables: Record<string, StorageRow[]> = {}
  for (const table of tableList) tables[table.name] = await raw.rows(table.name, tenantId)
  const linkRows: Record<string, Array<readonly [string, string]>> = {}
  for (const link of Object.keys(links) as LinkTableName[]) linkRows[link] = await raw.links(link, tenantId)
  return { tables, links: linkRows }
}

/** Live (not soft-deleted) raw rows of a table. */
export async function liveRows(raw: RawInspector, table: TableName, tenantId: string): Promise<StorageRow[]> {
  return (await raw.rows(table, tenantId)).filter((row) => row.deletedAt === null || row.deletedAt === undefined)
}

/** ISO-8601 UTC with milliseconds, the storage form of every timestamp. */
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
/** A UUID (crmkit ids are UUIDv7, 36 chars). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
