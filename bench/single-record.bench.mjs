// Single-record calls: contacts.get/create/update (with expectedVersion), deals.moveToStage and a
// filtered contacts.list, through crmkit versus the best hand-written code with the same driver
// doing the same work in the same run: the same rows written (the record, the deal transition and
// the outbox event crmkit stores), the same version check, link ids returned with the record.
// Per call: p50 and p95 latency (median over 3 rounds), the ratio crmkit / raw of the p50s, and
// the statements each side sends per call (counted at the driver). Goals: <= 2x raw p50 on
// Postgres, <= 3x on SQLite.
//
// BENCH_SINGLE_CALLS (default 2000) calls per operation and round; BENCH_SINGLE_SEED (default
// 10000) contacts in the tenant, each linked to one of 100 companies.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCrm, uuidv7 } from '@crmkit/core'
import { postgresStorage } from '@crmkit/storage-adapters/postgres'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import Database from 'better-sqlite3'
import pg from 'pg'
import { fmt, table } from './util.mjs'

const CALLS = Number(process.env.BENCH_SINGLE_CALLS ?? 2000)
const SEED = Number(process.env.BENCH_SINGLE_SEED ?? 10_000)
const ROUNDS = 3
const PG_URL = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const TENANT = 'bench'
const OPS = ['get', 'create', 'update', 'moveToStage', 'list']

// ---------- statement counting at the driver (used for the counts only, never while timing) ----------

function countingSqlite(database, counter) {
  const wrap = (statement) =>
    new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target)
        if (typeof value !== 'function') return value
        if (key !== 'all' && key !== 'run' && key !== 'iterate' && key !== 'get') return value.bind(target)
        return (...args) => {
          counter.n++
          return value.apply(target, args)
        }
      },
    })
  return { close: () => database.close(), prepare: (text) => wrap(database.prepare(text)) }
}

function countingPool(pool, counter) {
  return {
    async connect() {
      const client = await pool.connect()
      return {
        query: (...args) => {
          counter.n++
          return client.query(...args)
        },
        release: () => client.release(),
      }
    },
    end: () => pool.end(),
  }
}

// ---------- the hand-written side ----------

const contactColumns = [
  'id',
  'tenant_id',
  'created_at',
  'version',
  'updated_at',
  'deleted_at',
  'email',
  'first_name',
  'last_name',
  'phone',
  'title',
  'lifecycle_stage',
  'owner_id',
  'tags',
  'custom',
  'country',
  'region',
  'city',
  'postal_code',
  'time_zone',
]
const contactList = (q) => contactColumns.map((c) => `${q}.${c}`).join(', ')

/** SQL of the raw side; `$n` placeholders (rewritten to `?` for SQLite, each used once, in order). */
function rawSql(agg) {
  // SQLite's RETURNING does not see a table alias: the UPDATE qualifies by table name.
  const companyIds = (q) => `(SELECT ${agg('l.company_id')} FROM crm_contact_companies l
      JOIN crm_companies p ON p.tenant_id = l.tenant_id AND p.id = l.company_id AND p.deleted_at IS NULL
      WHERE l.tenant_id = ${q}.tenant_id AND l.contact_id = ${q}.id) AS company_ids`
  return {
    get: `SELECT ${contactList('c')}, ${companyIds('c')} FROM crm_contacts c WHERE c.tenant_id = $1 AND c.id = $2 AND c.deleted_at IS NULL`,
    insertContact: `INSERT INTO crm_contacts (${contactColumns.join(', ')}) VALUES (${contactColumns.map((_, i) => `$${i + 1}`).join(', ')})`,
    insertEvent:
      'INSERT INTO crm_events (id, tenant_id, created_at, type, actor, payload) VALUES ($1, $2, $3, $4, $5, $6)',
    // The version check is the WHERE; the row written comes back with its company ids.
    update: `UPDATE crm_contacts SET title = $1, updated_at = $2, version = version + 1
      WHERE tenant_id = $3 AND id = $4 AND version = $5 AND deleted_at IS NULL
      RETURNING ${contactList('crm_contacts')}, ${companyIds('crm_contacts')}`,
    stage: 'SELECT id, pipeline_id, kind FROM crm_stages WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL',
    move: `UPDATE crm_deals SET stage_id = $1, status = $2, updated_at = $3, version = version + 1
      WHERE tenant_id = $4 AND id = $5 AND version = $6 AND deleted_at IS NULL RETURNING *`,
    insertTransition: `INSERT INTO crm_deal_transitions (id, tenant_id, created_at, deal_id, pipeline_id, from_stage_id, to_stage_id, at, actor)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    list: `SELECT ${contactList('c')}, ${companyIds('c')} FROM crm_contacts c
      WHERE c.tenant_id = $1 AND c.deleted_at IS NULL AND c.email = $2 ORDER BY c.id LIMIT 51`,
  }
}

const newContact = (i, now) => [
  uuidv7(),
  TENANT,
  now,
  1,
  now,
  null,
  `raw${i}-${Date.now()}@new.example`,
  'New',
  `Person${i}`,
  null,
  null,
  'lead',
  null,
  '[]',
  '{}',
  null,
  null,
  null,
  null,
  null,
]

/**
 * The raw side's operations over `q(name, params) -> rows` and `tx(fn)`, the same work as
 * crmkit's: the record, the transition and the event row, in one transaction per write.
 */
function rawOps({ q, tx, parseIds }) {
  const event = (type, payload, now) => [uuidv7(), TENANT, now, type, 'bench', JSON.stringify(payload)]
  return {
    get: async (id) => {
      const [row] = await q('get', [TENANT, id])
      return { ...row, company_ids: parseIds(row.company_ids) }
    },
    create: (i) =>
      tx(async () => {
        const now = new Date().toISOString()
        const values = newContact(i, now)
        await q('insertContact', values)
        await q('insertEvent', event('contact.created', { contact: values }, now))
      }),
    update: (id, version, title) =>
      tx(async () => {
        const now = new Date().toISOString()
        const [row] = await q('update', [title, now, TENANT, id, version])
        if (!row) throw new Error('version conflict')
        await q('insertEvent', event('contact.updated', { contact: row, changes: ['title'] }, now))
        return Number(row.version)
      }),
    moveToStage: (deal, stageId) =>
      tx(async () => {
        const now = new Date().toISOString()
        const [stage] = await q('stage', [TENANT, stageId])
        if (!stage || stage.pipeline_id !== deal.pipelineId) throw new Error('bad stage')
        const [row] = await q('move', [stageId, 'open', now, TENANT, deal.id, deal.version])
        if (!row) throw new Error('version conflict')
        const transition = [uuidv7(), TENANT, now, deal.id, deal.pipelineId, deal.stageId, stageId, now, 'bench']
        await q('insertTransition', transition)
        await q('insertEvent', event('deal.stageChanged', { deal: row, transition }, now))
        return { ...deal, version: Number(row.version), stageId }
      }),
    list: async (email) => {
      const rows = await q('list', [TENANT, email])
      return rows.map((row) => ({ ...row, company_ids: parseIds(row.company_ids) }))
    },
  }
}

function sqliteRaw(file, counter) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  const texts = rawSql((x) => `json_group_array(${x})`)
  const statements = Object.fromEntries(
    Object.entries(texts).map(([name, text]) => [name, db.prepare(text.replace(/\$\d+/g, '?'))]),
  )
  const q = async (name, params) => {
    if (counter) counter.n++
    const statement = statements[name]
    if (statement.reader) return statement.all(...params)
    statement.run(...params)
    return []
  }
  const begin = db.prepare('BEGIN')
  const commit = db.prepare('COMMIT')
  const rollback = db.prepare('ROLLBACK')
  const tx = async (fn) => {
    if (counter) counter.n += 2
    begin.run()
    try {
      const result = await fn()
      commit.run()
      return result
    } catch (error) {
      rollback.run()
      throw error
    }
  }
  return { ops: rawOps({ q, tx, parseIds: (v) => JSON.parse(v) }), close: () => db.close() }
}

async function postgresRaw(url, counter) {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {})
  await client.connect()
  const texts = rawSql((x) => `coalesce(json_agg(${x}), '[]')`)
  // Named statements: the server parses and plans each text once per connection.
  const q = async (name, values) => {
    if (counter) counter.n++
    return (await client.query({ name, text: texts[name], values })).rows
  }
  const tx = async (fn) => {
    if (counter) counter.n += 2
    await client.query('BEGIN')
    try {
      const result = await fn()
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    }
  }
  return { ops: rawOps({ q, tx, parseIds: (v) => v }), close: () => client.end() }
}

// ---------- the crmkit side ----------

function crmOps(t) {
  return {
    get: (id) => t.contacts.get(id),
    create: (i) =>
      t.contacts.create({
        email: `sdk${i}-${Date.now()}@new.example`,
        firstName: 'New',
        lastName: `Person${i}`,
      }),
    update: async (id, version, title) =>
      (await t.contacts.update(id, { title }, { expectedVersion: version })).version,
    moveToStage: async (deal, stageId) => {
      const moved = await t.deals.moveToStage(deal.id, stageId, { expectedVersion: deal.version })
      return { ...deal, version: moved.version, stageId }
    },
    list: (email) => t.contacts.list({ where: { field: 'email', op: 'eq', value: email } }),
  }
}

// ---------- data and timing ----------

/** Seeds the tenant through crmkit: contacts linked to companies, a pipeline, deals. */
async function seed(storage) {
  const crm = createCrm({ storage })
  await crm.migrate()
  const t = crm.forTenant(TENANT, { actor: 'bench' })
  await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'text' })
  const companies = []
  for (let i = 0; i < 100; i++) companies.push((await t.companies.create({ name: `Company ${i}` })).id)
  const result = await t.contacts.importMany(
    Array.from({ length: SEED }, (_, i) => ({
      email: `person${i}@company${i % 100}.example`,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      companyIds: [companies[i % 100]],
    })),
    { batchSize: 1000 },
  )
  if (result.created !== SEED) throw new Error(`seed created ${result.created}`)
  const pipeline = await t.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Qualified', probability: 0.3 },
      { name: 'Proposal', probability: 0.5 },
    ],
  })
  return { crm, t, pipeline }
}

/** Contacts (id, version) and deals the timed calls work on, one per call and side. */
async function targets(t, pipeline, count) {
  const contacts = []
  let cursor
  while (contacts.length < count) {
    const page = await t.contacts.list({ limit: 100, cursor })
    contacts.push(...page.items.map((c) => ({ id: c.id, version: c.version, email: c.email })))
    if (page.nextCursor === null) break
    cursor = page.nextCursor
  }
  const deals = []
  for (let i = 0; i < count; i++) {
    const d = await t.deals.create({
      title: `Deal ${i}`,
      pipelineId: pipeline.id,
      amount: { value: 100, currency: 'EUR' },
    })
    deals.push({ id: d.id, version: d.version, pipelineId: pipeline.id, stageId: d.stageId })
  }
  return { contacts, deals }
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]

/** Runs `call(i)` CALLS times in sequence; returns p50 and p95 in microseconds. */
async function latencies(call) {
  const times = new Float64Array(CALLS)
  for (let i = 0; i < CALLS; i++) {
    const start = process.hrtime.bigint()
    await call(i)
    times[i] = Number(process.hrtime.bigint() - start) / 1e3
  }
  times.sort()
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) }
}

/** One round of every operation on one side; state (versions, stages) carries over between rounds. */
function calls(ops, state) {
  const { contacts, deals, stages } = state
  return {
    get: (i) => ops.get(contacts[i % contacts.length].id),
    create: () => ops.create(state.created++),
    update: async (i) => {
      const c = contacts[i % contacts.length]
      c.version = await ops.update(c.id, c.version, `Title ${state.titles++}`)
    },
    moveToStage: async (i) => {
      const k = i % deals.length
      const d = deals[k]
      deals[k] = await ops.moveToStage(d, d.stageId === stages[1] ? stages[2] : stages[1])
    },
    list: (i) => ops.list(contacts[i % contacts.length].email),
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function measure(sides) {
  const rounds = Object.fromEntries(sides.map((s) => [s.name, Object.fromEntries(OPS.map((op) => [op, []]))]))
  for (let round = 0; round < ROUNDS; round++) {
    for (const op of OPS) {
      // Alternate which side goes first, so neither always meets a warmer cache.
      const order = round % 2 === 0 ? sides : [...sides].reverse()
      for (const side of order) rounds[side.name][op].push(await latencies(side.calls[op]))
    }
  }
  return rounds
}

async function countStatements(side, counter) {
  const counts = {}
  for (const op of OPS) {
    counter.n = 0
    await side.calls[op](0)
    counts[op] = counter.n
  }
  return counts
}

async function runDialect(dialect, open) {
  const env = await open()
  try {
    const { crm, t, pipeline } = await seed(env.storage())
    const stages = pipeline.stages.map((s) => s.id)
    const { contacts, deals } = await targets(t, pipeline, Math.min(CALLS, 500) * 2)
    const half = (xs, k) => xs.filter((_, i) => i % 2 === k)
    const sdkState = { contacts: half(contacts, 0), deals: half(deals, 0), stages, created: 0, titles: 0 }
    const rawState = { contacts: half(contacts, 1), deals: half(deals, 1), stages, created: 0, titles: 0 }
    const raw = await env.raw()
    const sides = [
      { name: 'crmkit', calls: calls(crmOps(t), sdkState) },
      { name: 'raw', calls: calls(raw.ops, rawState) },
    ]
    // Warm-up: JIT, statement caches, the custom-field cache.
    for (const side of sides) for (const op of OPS) for (let i = 0; i < 50; i++) await side.calls[op](i)
    const rounds = await measure(sides)

    // Statement counts per call, on separately opened counting connections.
    const sdkCounter = { n: 0 }
    const countedCrm = createCrm({ storage: env.countingStorage(sdkCounter) })
    const countedSdk = { calls: calls(crmOps(countedCrm.forTenant(TENANT, { actor: 'bench' })), sdkState) }
    await countStatements(countedSdk, sdkCounter) // warm the counted adapter's caches
    const sdkCounts = await countStatements(countedSdk, sdkCounter)
    await countedCrm.close()
    const rawCounter = { n: 0 }
    const countedRaw = await env.raw(rawCounter)
    const rawCounts = await countStatements({ calls: calls(countedRaw.ops, rawState) }, rawCounter)
    await countedRaw.close()
    await raw.close()
    await crm.close()

    return OPS.map((op) => {
      const s50 = median(rounds.crmkit[op].map((r) => r.p50))
      const r50 = median(rounds.raw[op].map((r) => r.p50))
      const goal = dialect === 'postgres' ? 2 : 3
      return {
        dialect,
        call: op,
        'crmkit p50 µs': fmt(s50, 1),
        'crmkit p95 µs': fmt(median(rounds.crmkit[op].map((r) => r.p95)), 1),
        'raw p50 µs': fmt(r50, 1),
        'raw p95 µs': fmt(median(rounds.raw[op].map((r) => r.p95)), 1),
        'p50 ratio': fmt(s50 / r50, 2),
        goal: `<= ${goal}x ${s50 / r50 <= goal ? 'met' : 'MISSED'}`,
        'stmts crmkit/raw': `${sdkCounts[op]}/${rawCounts[op]}`,
      }
    })
  } finally {
    await env.cleanup()
  }
}

function sqliteEnv() {
  const file = join(tmpdir(), `crmkit-bench-single-${process.pid}.db`)
  const remove = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  }
  remove()
  return {
    storage: () => sqliteStorage({ filename: file }),
    countingStorage: (counter) => {
      const db = new Database(file)
      db.pragma('journal_mode = WAL')
      return sqliteStorage({ database: countingSqlite(db, counter) })
    },
    raw: async (counter) => sqliteRaw(file, counter),
    cleanup: async () => remove(),
  }
}

async function postgresEnv() {
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  const name = `crmkit_bench_single_${process.pid}`
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(PG_URL)
  url.pathname = `/${name}`
  const pools = []
  return {
    storage: () => postgresStorage({ connectionString: url.toString() }),
    countingStorage: (counter) => {
      const pool = new pg.Pool({ connectionString: url.toString(), max: 2 })
      pool.on('error', () => {})
      pools.push(pool)
      return postgresStorage({ pool: countingPool(pool, counter) })
    },
    raw: (counter) => postgresRaw(url.toString(), counter),
    cleanup: async () => {
      for (const pool of pools) await pool.end()
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

export async function run() {
  console.log(
    `${CALLS} calls per operation and round, ${ROUNDS} rounds (median of round p50/p95), ${SEED} seeded contacts`,
  )
  const rows = await runDialect('sqlite', async () => sqliteEnv())
  try {
    rows.push(...(await runDialect('postgres', postgresEnv)))
  } catch (err) {
    console.log(`postgres skipped: ${err.message}`)
  }
  table(rows)
}
