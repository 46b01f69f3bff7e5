// Bulk import: `contacts.importMany` of N contacts, each linked to one of 200 companies
// (validation, id generation, upsert-by-email lookup, company existence check, a transaction
// per 500-row batch, the outbox), versus the best hand-written code with the same driver
// writing the same rows: the contacts, their company links and one `contact.created` outbox
// row per contact with the same payload, in ONE transaction, as 500-row multi-VALUES INSERTs
// on SQLite and 10k-row `unnest` INSERTs on Postgres. The raw side turns the same input
// objects into rows inside its timing (ids, timestamps, JSON), as any importer must; it
// skips the email lookup and the company check (it trusts its input). Median of 3 runs per
// side, in the same process. Goal: crmkit >= 0.5x raw.
//
// BENCH_IMPORT_ROWS (default 100000) sets N; BENCH_IMPORT_LINEAR=1 also imports 10x N rows
// from a generator on SQLite (rows/s must stay within 20% of the N-row run);
// BENCH_IMPORT_RSS=1 measures the peak RSS of a child process streaming 10x N rows.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCrm, uuidv7 } from '@crmkit/core'
import { postgresStorage } from '@crmkit/storage-adapters/postgres'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import Database from 'better-sqlite3'
import pg from 'pg'
import { fmt, prng, table, timeIt, withPostgresDatabase } from './util.mjs'

const N = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3)
const BATCH = 500
const COMPANIES = 200
const PG_URL = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const TENANT = 'bench'

const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

/** The input rows, lazily: row `i` is linked to company `i % 200`. */
export function* inputs(n, companyIds) {
  const rand = prng(42)
  const plans = ['free', 'pro', 'enterprise']
  for (let i = 0; i < n; i++) {
    yield {
      email: `person${i}@company${i % 997}.example`,
      firstName: `First${i}`,
      lastName: `Last${Math.floor(rand() * 5000)}`,
      title: rand() < 0.5 ? 'Engineer' : 'Manager',
      tags: rand() < 0.2 ? ['vip'] : [],
      custom: { plan: plans[i % 3] },
      companyIds: [companyIds[i % companyIds.length]],
    }
  }
}

/** A migrated crm with the custom field and the companies every run uses. */
export async function prepare(storage) {
  const crm = createCrm({ storage })
  await crm.migrate()
  const t = crm.forTenant(TENANT, { actor: 'bench' })
  await t.customFields.define({
    entity: 'contact',
    key: 'plan',
    label: 'Plan',
    type: 'select',
    options: ['free', 'pro', 'enterprise'],
  })
  const companyIds = []
  for (let i = 0; i < COMPANIES; i++) companyIds.push((await t.companies.create({ name: `Company ${i}` })).id)
  return { crm, t, companyIds }
}

async function sdkImport(storage, n, { stream = false } = {}) {
  const { crm, t, companyIds } = await prepare(storage)
  const rows = stream ? inputs(n, companyIds) : [...inputs(n, companyIds)]
  const { ms, result } = await timeIt(() => t.contacts.importMany(rows, { batchSize: BATCH }))
  if (result.created !== n || result.failed.length > 0)
    throw new Error(`import created ${result.created}, failed ${result.failed.length}`)
  await crm.close()
  return ms
}

/**
 * What crmkit stores for one input row, built the way a hand-written importer would:
 * the contact (every column, `null` when not given), its link, its `contact.created` event.
 */
function rawRecords(input, columns, at) {
  const contact = {}
  for (const c of columns) contact[c] = null
  Object.assign(contact, {
    id: uuidv7(),
    tenantId: TENANT,
    version: 1,
    createdAt: at,
    updatedAt: at,
    lifecycleStage: 'lead',
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName,
    title: input.title,
    tags: input.tags,
    custom: input.custom,
  })
  const payload = JSON.stringify({ contact: { ...contact, companyIds: input.companyIds } })
  const event = [uuidv7(), TENANT, at, 'contact.created', 'bench', payload]
  const values = columns.map((c) => (c === 'tags' || c === 'custom' ? JSON.stringify(contact[c]) : contact[c]))
  const links = input.companyIds.map((companyId) => [TENANT, contact.id, companyId, at])
  return { values, event, links }
}

const EVENT_COLUMNS = ['id', 'tenant_id', 'created_at', 'type', 'actor', 'payload']
const LINK_COLUMNS = ['tenant_id', 'contact_id', 'company_id', 'created_at']

function sqliteColumns(db, table) {
  return db
    .prepare(`PRAGMA table_info(${table})`)
    .all()
    .map((c) => c.name)
}

/** Raw SQLite: 500-row multi-VALUES statements, prepared once, one transaction. */
function rawSqlite(db, n, companyIds) {
  const columns = sqliteColumns(db, 'crm_contacts').map(camel)
  const statement = (table, cols, rows) =>
    db.prepare(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${cols.map(() => '?').join(', ')})`).join(', ')}`,
    )
  const full = {
    contacts: statement('crm_contacts', columns.map(snake), BATCH),
    events: statement('crm_events', EVENT_COLUMNS, BATCH),
    links: statement('crm_contact_companies', LINK_COLUMNS, BATCH),
  }
  const at = new Date().toISOString()
  const flush = (contacts, events, links, rows) => {
    const last = rows === BATCH ? undefined : rows
    ;(last ? statement('crm_contacts', columns.map(snake), last) : full.contacts).run(contacts)
    ;(last ? statement('crm_events', EVENT_COLUMNS, last) : full.events).run(events)
    ;(last ? statement('crm_contact_companies', LINK_COLUMNS, last) : full.links).run(links)
  }
  db.transaction(() => {
    let contacts = []
    let events = []
    let links = []
    let rows = 0
    for (const input of inputs(n, companyIds)) {
      const r = rawRecords(input, columns, at)
      contacts.push(...r.values)
      events.push(...r.event)
      for (const l of r.links) links.push(...l)
      if (++rows === BATCH) {
        flush(contacts, events, links, rows)
        contacts = []
        events = []
        links = []
        rows = 0
      }
    }
    if (rows > 0) flush(contacts, events, links, rows)
  })()
}

function countSqlite(file, n) {
  const db = new Database(file)
  for (const table of ['crm_contacts', 'crm_events', 'crm_contact_companies']) {
    const { c } = db
      .prepare(`SELECT count(*) AS c FROM ${table} WHERE ${table === 'crm_events' ? "type = 'contact.created'" : '1'}`)
      .get()
    if (c !== n) throw new Error(`${table}: expected ${n} rows, found ${c}`)
  }
  db.close()
}

async function sqliteRun(n) {
  const sdk = []
  const raw = []
  for (let run = 0; run < RUNS; run++) {
    const file = join(tmpdir(), `crmkit-bench-import-${process.pid}-${run}.db`)
    rmSync(file, { force: true })
    sdk.push(await sdkImport(sqliteStorage({ filename: file }), n))
    countSqlite(file, n)
    rmSync(file, { force: true })

    const { crm, companyIds } = await prepare(sqliteStorage({ filename: file }))
    await crm.close()
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    raw.push((await timeIt(() => rawSqlite(db, n, companyIds))).ms)
    db.close()
    countSqlite(file, n)
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  }
  return { dialect: 'sqlite', sdkMs: median(sdk), rawMs: median(raw) }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const withDatabase = (fn) => withPostgresDatabase(PG_URL, 'crmkit_bench', fn)

/** Column names and array types of a Postgres table, for `unnest($1::type[], ...)`. */
async function pgColumns(client, table) {
  const { rows } = await client.query(
    `SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    [table],
  )
  return rows.map((r) => ({ name: r.column_name, type: r.udt_name }))
}

/** Raw Postgres: one `INSERT ... SELECT * FROM unnest(...)` per 10k rows and table, one transaction. */
async function rawPostgres(client, n, companyIds) {
  const PER_STATEMENT = 10_000
  const contactCols = await pgColumns(client, 'crm_contacts')
  const eventCols = await pgColumns(client, 'crm_events')
  const linkCols = await pgColumns(client, 'crm_contact_companies')
  const columns = contactCols.map((c) => camel(c.name))
  const insert = (table, cols) =>
    `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`
  const sql = {
    contacts: insert('crm_contacts', contactCols),
    events: insert('crm_events', eventCols),
    links: insert('crm_contact_companies', linkCols),
  }
  const eventOrder = eventCols.map((c) => EVENT_COLUMNS.indexOf(c.name))
  const linkOrder = linkCols.map((c) => LINK_COLUMNS.indexOf(c.name))
  const at = new Date().toISOString()
  const fresh = (count) => Array.from({ length: count }, () => [])
  await client.query('BEGIN')
  let contacts = fresh(contactCols.length)
  let events = fresh(eventCols.length)
  let links = fresh(linkCols.length)
  let rows = 0
  const flush = async () => {
    await client.query(sql.contacts, contacts)
    await client.query(sql.events, events)
    await client.query(sql.links, links)
    contacts = fresh(contactCols.length)
    events = fresh(eventCols.length)
    links = fresh(linkCols.length)
    rows = 0
  }
  for (const input of inputs(n, companyIds)) {
    const r = rawRecords(input, columns, at)
    for (let i = 0; i < r.values.length; i++) contacts[i].push(r.values[i])
    for (let i = 0; i < eventOrder.length; i++) events[i].push(r.event[eventOrder[i]])
    for (const l of r.links) for (let i = 0; i < linkOrder.length; i++) links[i].push(l[linkOrder[i]])
    if (++rows === PER_STATEMENT) await flush()
  }
  if (rows > 0) await flush()
  await client.query('COMMIT')
}

async function countPg(url, n) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  for (const table of ['crm_contacts', 'crm_events', 'crm_contact_companies']) {
    const where = table === 'crm_events' ? "WHERE type = 'contact.created'" : ''
    const { rows } = await client.query(`SELECT count(*)::int AS c FROM ${table} ${where}`)
    if (rows[0].c !== n) throw new Error(`${table}: expected ${n} rows, found ${rows[0].c}`)
  }
  await client.end()
}

async function postgresRun(n) {
  const sdk = []
  const raw = []
  for (let run = 0; run < RUNS; run++) {
    sdk.push(
      await withDatabase(async (url) => {
        const ms = await sdkImport(postgresStorage({ connectionString: url }), n)
        await countPg(url, n)
        return ms
      }),
    )
    raw.push(
      await withDatabase(async (url) => {
        const { crm, companyIds } = await prepare(postgresStorage({ connectionString: url }))
        await crm.close()
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        const { ms } = await timeIt(() => rawPostgres(client, n, companyIds))
        await client.end()
        await countPg(url, n)
        return ms
      }),
    )
  }
  return { dialect: 'postgres', sdkMs: median(sdk), rawMs: median(raw) }
}

/** Peak RSS of a child process that streams `n` rows into SQLite (import-rss.mjs). */
function childPeakRss(n) {
  const script = fileURLToPath(new URL('./import-rss.mjs', import.meta.url))
  const out = execFileSync(process.execPath, [script, String(n)], { encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').at(-1))
}

export async function run() {
  const results = [await sqliteRun(N)]
  try {
    results.push(await postgresRun(N))
  } catch (err) {
    console.log(`postgres skipped: ${err.message}`)
  }
  table(
    results.map((r) => ({
      dialect: r.dialect,
      rows: fmt(N),
      'crmkit ms': fmt(r.sdkMs),
      'crmkit rows/s': fmt((N / r.sdkMs) * 1000),
      'raw ms': fmt(r.rawMs),
      'raw rows/s': fmt((N / r.rawMs) * 1000),
      'crmkit/raw throughput': fmt(r.rawMs / r.sdkMs, 2),
    })),
  )
  if (process.env.BENCH_IMPORT_LINEAR === '1') {
    const big = N * 10
    const file = join(tmpdir(), `crmkit-bench-import-big-${process.pid}.db`)
    rmSync(file, { force: true })
    const ms = await sdkImport(sqliteStorage({ filename: file }), big, { stream: true })
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    const small = (N / results[0].sdkMs) * 1000
    const large = (big / ms) * 1000
    console.log(
      `\nlinearity (sqlite, streamed): ${fmt(N)} rows ${fmt(small)} rows/s; ${fmt(big)} rows ${fmt(large)} rows/s (${fmt(large / small, 2)}x)`,
    )
  }
  if (process.env.BENCH_IMPORT_RSS === '1') {
    const big = N * 10
    const { peakRssMb, ms, baselineRssMb } = childPeakRss(big)
    console.log(
      `peak RSS streaming ${fmt(big)} rows into sqlite (child process): ${fmt(peakRssMb)} MB (process at start ${fmt(baselineRssMb)} MB), ${fmt(ms)} ms`,
    )
  }
}
