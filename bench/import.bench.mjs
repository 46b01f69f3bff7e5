// Bulk import: 100k contacts through `contacts.importMany` (validation, id generation,
// upsert-by-email lookup, transaction per batch, events) versus the raw driver inserting
// the same, already-formed rows into the same migrated schema. Goal: SDK >= 0.5x raw.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCrm, tables, uuidv7 } from '@crmkit/core'
import { postgresStorage } from '@crmkit/storage-adapters/postgres'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import Database from 'better-sqlite3'
import pg from 'pg'
import { fmt, prng, table, timeIt } from './util.mjs'

const N = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)
const BATCH = 500
const PG_URL = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const columns = Object.keys(tables.contacts.columns)

function inputRows() {
  const rand = prng(42)
  const plans = ['free', 'pro', 'enterprise']
  return Array.from({ length: N }, (_, i) => ({
    email: `person${i}@company${i % 997}.example`,
    firstName: `First${i}`,
    lastName: `Last${Math.floor(rand() * 5000)}`,
    title: rand() < 0.5 ? 'Engineer' : 'Manager',
    tags: rand() < 0.2 ? ['vip'] : [],
    custom: { plan: plans[i % 3] },
  }))
}

/**
 * The rows the raw insert writes: exactly what the SDK stores, prepared outside the timing.
 * Ids are UUIDv7 like the SDK's (time-ordered keys append to the primary-key index; random
 * v4 ids would make the raw side slower than it needs to be).
 */
function storageRows(inputs) {
  const at = new Date().toISOString()
  return inputs.map((r) => ({
    id: uuidv7(),
    tenantId: 'bench',
    createdAt: at,
    version: 1,
    updatedAt: at,
    deletedAt: null,
    email: r.email,
    firstName: r.firstName,
    lastName: r.lastName,
    phone: null,
    title: r.title,
    lifecycleStage: 'lead',
    ownerId: null,
    tags: JSON.stringify(r.tags),
    custom: JSON.stringify(r.custom),
  }))
}

async function sdkImport(storage, inputs) {
  const crm = createCrm({ storage })
  await crm.migrate()
  const t = crm.forTenant('bench', { actor: 'bench' })
  await t.customFields.define({
    entity: 'contact',
    key: 'plan',
    label: 'Plan',
    type: 'select',
    options: ['free', 'pro', 'enterprise'],
  })
  const { ms, result } = await timeIt(() => t.contacts.importMany(inputs, { batchSize: BATCH }))
  if (result.created !== N || result.failed.length > 0)
    throw new Error(`import created ${result.created}, failed ${result.failed.length}`)
  return { ms, crm }
}

async function sqliteRun(inputs, rows) {
  const sdkFile = join(tmpdir(), `crmkit-bench-sdk-${process.pid}.db`)
  const rawFile = join(tmpdir(), `crmkit-bench-raw-${process.pid}.db`)
  for (const f of [sdkFile, rawFile]) rmSync(f, { force: true })
  const sdk = await sdkImport(sqliteStorage({ filename: sdkFile }), inputs)
  await sdk.crm.close()
  countRows(new Database(sdkFile))

  // Raw: same schema and indexes (migrated by the SDK), the adapter's journal mode (WAL,
  // default synchronous), one prepared statement, one transaction per batch.
  const schemaCrm = createCrm({ storage: sqliteStorage({ filename: rawFile }) })
  await schemaCrm.migrate()
  await schemaCrm.close()
  const db = new Database(rawFile)
  db.pragma('journal_mode = WAL')
  const insert = db.prepare(
    `INSERT INTO crm_contacts (${columns.map(snake).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  )
  const insertBatch = db.transaction((batch) => {
    for (const row of batch) insert.run(row)
  })
  const raw = await timeIt(() => {
    for (let i = 0; i < rows.length; i += BATCH) insertBatch(rows.slice(i, i + BATCH))
  })
  countRows(db)
  for (const f of [sdkFile, rawFile]) rmSync(f, { force: true })
  return { dialect: 'sqlite', sdkMs: sdk.ms, rawMs: raw.ms }
}

/** Both sides must have written every row; closes `db`. */
function countRows(db) {
  const { n } = db.prepare('SELECT count(*) AS n FROM crm_contacts').get()
  db.close()
  if (n !== N) throw new Error(`expected ${N} contacts, found ${n}`)
}

async function countPgRows(client) {
  const { rows } = await client.query('SELECT count(*)::int AS n FROM crm_contacts')
  if (rows[0].n !== N) throw new Error(`expected ${N} contacts, found ${rows[0].n}`)
}

async function withDatabase(fn) {
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  const name = `crmkit_bench_${process.pid}_${Date.now()}`
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(PG_URL)
  url.pathname = `/${name}`
  try {
    return await fn(url.toString())
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

async function postgresRun(inputs, rows) {
  const sdkMs = await withDatabase(async (url) => {
    const sdk = await sdkImport(postgresStorage({ connectionString: url }), inputs)
    await sdk.crm.close()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await countPgRows(client)
    await client.end()
    return sdk.ms
  })
  const rawMs = await withDatabase(async (url) => {
    const schemaCrm = createCrm({ storage: postgresStorage({ connectionString: url }) })
    await schemaCrm.migrate()
    await schemaCrm.close()
    // Raw: one multi-row parameterised INSERT per 500-row batch, in its own transaction.
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const { ms } = await timeIt(async () => {
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH)
        const params = []
        const tuples = batch.map((row) => `(${columns.map((c) => `$${params.push(row[c])}`).join(', ')})`)
        await client.query('BEGIN')
        await client.query(
          `INSERT INTO crm_contacts (${columns.map(snake).join(', ')}) VALUES ${tuples.join(', ')}`,
          params,
        )
        await client.query('COMMIT')
      }
    })
    await countPgRows(client)
    await client.end()
    return ms
  })
  return { dialect: 'postgres', sdkMs, rawMs }
}

export async function run() {
  const inputs = inputRows()
  const rows = storageRows(inputs)
  const results = [await sqliteRun(inputs, rows)]
  try {
    results.push(await postgresRun(inputs, rows))
  } catch (err) {
    console.log(`postgres skipped: ${err.message}`)
  }
  table(
    results.map((r) => ({
      dialect: r.dialect,
      rows: fmt(N),
      'sdk ms': fmt(r.sdkMs),
      'sdk rows/s': fmt((N / r.sdkMs) * 1000),
      'raw ms': fmt(r.rawMs),
      'raw rows/s': fmt((N / r.rawMs) * 1000),
      'sdk/raw throughput': fmt(r.rawMs / r.sdkMs, 2),
    })),
  )
}
