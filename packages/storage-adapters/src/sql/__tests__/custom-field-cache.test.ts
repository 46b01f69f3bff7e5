/**
 * The custom-field definition cache (core `custom-fields/cache.ts`) over a real database
 * shared by two adapters, as two processes would share it: a change made through the same
 * adapter is honoured at once; a change made through another adapter is honoured once the
 * entry's `customFieldCacheMs` has passed, never later; `0` turns the cache off.
 */
import { createCrm, ValidationError } from '@crmkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { availableSqlDialects, createTestDatabase, type TestDatabase } from '../../testing/databases.js'

const dialects = await availableSqlDialects()
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
let tenantCounter = 0

describe.each(dialects)('%s custom-field definitions shared by two crm instances', (dialect) => {
  let db: TestDatabase
  const adapters: Array<{ close(): Promise<void> }> = []
  const open = () => {
    const storage = db.storage()
    adapters.push(storage)
    return storage
  }
  beforeAll(async () => {
    db = await createTestDatabase(dialect)
    const storage = open()
    await storage.migrate()
  })
  afterAll(async () => {
    for (const adapter of adapters) await adapter.close()
    await db?.drop()
  })
  const tenant = () => `cache-${process.pid}-${++tenantCounter}`

  it('a change through another crm on the same adapter is honoured at once', async () => {
    const storage = open()
    const id = tenant()
    const a = createCrm({ storage, customFieldCacheMs: 60_000 }).forTenant(id, { actor: 'a' })
    const b = createCrm({ storage, customFieldCacheMs: 60_000 }).forTenant(id, { actor: 'b' })
    await a.contacts.create({ email: 'one@x.io' })
    const field = await b.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number' })
    expect((await a.contacts.create({ email: 'two@x.io', custom: { score: 2 } })).custom).toEqual({ score: 2 })
    expect(await a.contacts.count({ where: { field: 'custom.score', op: 'eq', value: 2 } })).toBe(1)
    await b.customFields.update(field.id, { label: 'Points' })
    await b.customFields.delete(field.id)
    await expect(a.contacts.create({ email: 'three@x.io', custom: { score: 3 } })).rejects.toBeInstanceOf(
      ValidationError,
    )
  })

  it('a change through a crm on another adapter (another process) is honoured once customFieldCacheMs passed', async () => {
    const id = tenant()
    const ttl = 150
    const a = createCrm({ storage: open(), customFieldCacheMs: ttl }).forTenant(id, { actor: 'a' })
    const b = createCrm({ storage: open() }).forTenant(id, { actor: 'b' })
    const score = await b.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number' })
    // A loads the definitions (only `score`) and caches them.
    await a.contacts.create({ email: 'one@x.io', custom: { score: 1 } })
    await b.customFields.define({ entity: 'contact', key: 'tier', label: 'Tier', type: 'text', required: true })
    await b.customFields.delete(score.id)
    await sleep(ttl + 20)
    const error = await a.contacts.create({ email: 'two@x.io', custom: { score: 2 } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    const paths = (error as ValidationError).issues.map((issue) => issue.path.join('.'))
    // The deleted field is unknown and the new required one is missing: both from B's change.
    expect(paths).toEqual(expect.arrayContaining(['custom.score', 'custom.tier']))
    expect((await a.contacts.create({ email: 'three@x.io', custom: { tier: 'gold' } })).custom).toEqual({
      tier: 'gold',
    })
    await expect(a.contacts.list({ where: { field: 'custom.score', op: 'eq', value: 1 } })).rejects.toBeInstanceOf(
      ValidationError,
    )
  })

  it('with customFieldCacheMs 0, a change through another adapter is honoured by the next call', async () => {
    const id = tenant()
    const a = createCrm({ storage: open(), customFieldCacheMs: 0 }).forTenant(id, { actor: 'a' })
    const b = createCrm({ storage: open() }).forTenant(id, { actor: 'b' })
    await a.contacts.create({ email: 'one@x.io' })
    await b.customFields.define({ entity: 'contact', key: 'tier', label: 'Tier', type: 'text', required: true })
    await expect(a.contacts.create({ email: 'two@x.io' })).rejects.toBeInstanceOf(ValidationError)
  })
})
