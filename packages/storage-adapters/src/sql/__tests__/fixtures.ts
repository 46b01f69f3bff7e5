/**
 * Shared setup of the SQL adapter tests: one fresh database per test file and dialect,
 * migrated once, plus row builders in storage form.
 */
import type { StorageAdapter, StorageRow } from '@crmkit/core/storage'
import { afterAll, beforeAll } from 'vitest'
import type { SqlTestDialect, TestDatabase } from '../../testing/databases.js'
import { createTestDatabase } from '../../testing/databases.js'

/** Live handles of a database created by {@link useMigratedDatabase}. */
export interface DatabaseFixture {
  readonly db: TestDatabase
  readonly storage: StorageAdapter
}

/**
 * Create and migrate a database for the surrounding `describe`, dropped after it. Read
 * `fixture()` inside tests (the value exists once `beforeAll` ran).
 */
export function useMigratedDatabase(dialect: SqlTestDialect): () => DatabaseFixture {
  let fixture: DatabaseFixture | undefined
  let ready = false
  beforeAll(async () => {
    const db = await createTestDatabase(dialect)
    // Keep the handles before migrating, so afterAll drops the database even if migrate fails.
    fixture = { db, storage: db.storage() }
    await fixture.storage.migrate()
    ready = true
  })
  afterAll(async () => {
    await fixture?.storage.close()
    await fixture?.db.drop()
  })
  return () => {
    if (!fixture || !ready) throw new Error('database fixture used before beforeAll ran')
    return fixture
  }
}

let counter = 0

/** A unique UUIDv7-shaped id (ascending with each call). */
export function nextId(): string {
  counter += 1
  return `0190b000-0000-7000-8000-${String(counter).padStart(12, '0')}`
}

/** A unique tenant id, so tests sharing a database never see each other's rows. */
export function nextTenant(): string {
  counter += 1
  return `tenant-${process.pid}-${counter}`
}

const T0 = '2026-01-01T00:00:00.000Z'

/** A contact row in storage form. */
export function contact(overrides: Record<string, unknown> = {}): StorageRow {
  return {
    id: nextId(),
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    deletedAt: null,
    email: null,
    firstName: null,
    lastName: null,
    phone: null,
    title: null,
    lifecycleStage: 'lead',
    ownerId: null,
    tags: [],
    custom: {},
    country: null,
    region: null,
    city: null,
    postalCode: null,
    timeZone: null,
    ...overrides,
  } as StorageRow
}

/** A deal row in storage form. */
export function deal(overrides: Record<string, unknown> = {}): StorageRow {
  return {
    id: nextId(),
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    deletedAt: null,
    title: 'Deal',
    pipelineId: 'p1',
    stageId: 's1',
    status: 'open',
    amountValue: 0,
    amountCurrency: 'EUR',
    expectedCloseDate: null,
    closedAt: null,
    ownerId: null,
    companyId: null,
    lostReason: null,
    tags: [],
    custom: {},
    ...overrides,
  } as StorageRow
}

/** A company row in storage form. */
export function company(overrides: Record<string, unknown> = {}): StorageRow {
  return {
    id: nextId(),
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    deletedAt: null,
    name: 'Acme',
    domain: null,
    industry: null,
    size: null,
    ownerId: null,
    tags: [],
    custom: {},
    country: null,
    region: null,
    city: null,
    postalCode: null,
    timeZone: null,
    ...overrides,
  } as StorageRow
}
