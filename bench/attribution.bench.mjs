// Attribution: every model over 1M synthetic aggregated paths (20 channels with skewed
// popularity, geometric path length capped at 15, 20% converting), each also as a ratio to
// one plain pass over the same prepared paths in the same run; then `t.attribution.report`
// over 1M touchpoints in SQLite and Postgres (journeys built in SQL, seeded with raw
// multi-row inserts, database dropped afterwards). Every contact and every converting
// contact's deal is seeded too, created between two of its touches, so the milestone
// models (wShaped, fullPath) find lead- and opportunity-creation touches.
// Reference (issue 3, this machine): ChannelAttribution 2.2.4 took 3.36 s for its heuristics,
// 4.12 s for Markov order 1 (Monte Carlo) and 8.43 s for order 3.
// Goals: every heuristic <= 0.5 s, exact Markov order 1 <= 0.5 s, exact order 3 <= 3 s.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attribute, createCrm, preparePaths, tables } from '@crmkit/core'
import { postgresStorage } from '@crmkit/storage-adapters/postgres'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import Database from 'better-sqlite3'
import pg from 'pg'
import { fmt, medianMs, prng, table, timeIt, withPostgresDatabase } from './util.mjs'

const PATHS = Number(process.env.BENCH_ATTRIBUTION_PATHS ?? 1_000_000)
const TOUCHES = Number(process.env.BENCH_ATTRIBUTION_TOUCHES ?? 1_000_000)
const CHANNELS = Array.from({ length: 20 }, (_, i) => `channel${String(i).padStart(2, '0')}`)
const PG_URL = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const DAY = 86_400_000

/** Zipf-like popularity (weight 1/(i+1)^1.2) as a cumulative table. */
function channelPicker(rand) {
  const weights = CHANNELS.map((_, i) => 1 / (i + 1) ** 1.2)
  const total = weights.reduce((a, b) => a + b, 0)
  let acc = 0
  const cumulative = weights.map((w) => (acc += w / total))
  return () => {
    const u = rand()
    let i = 0
    while (i < cumulative.length - 1 && cumulative[i] < u) i++
    return CHANNELS[i]
  }
}

/** Geometric length (p = 0.35, mean ~2.9) capped at 15. */
const pathLength = (rand) => Math.min(15, 1 + Math.floor(Math.log(1 - rand()) / Math.log(1 - 0.35)))

function syntheticPaths() {
  const rand = prng(7)
  const pick = channelPicker(rand)
  const out = new Array(PATHS)
  for (let i = 0; i < PATHS; i++) {
    const path = Array.from({ length: pathLength(rand) }, pick)
    const converts = rand() < 0.2
    out[i] = converts
      ? { path, conversions: 1, value: 1 + Math.floor(rand() * 500), nulls: 0 }
      : { path, conversions: 0, value: 0, nulls: 1 }
  }
  return out
}

/** The baseline: one pass over every touch of the prepared paths, crediting its path's conversions. */
function plainPass(prepared) {
  const acc = new Float64Array(prepared.channels.length)
  const { offsets, touches, conversions } = prepared
  for (let i = 0; i + 1 < offsets.length; i++) {
    const c = conversions[i]
    for (let k = offsets[i]; k < offsets[i + 1]; k++) acc[touches[k]] += c
  }
  return acc
}

async function modelRuns() {
  const paths = syntheticPaths()
  const touches = paths.reduce((s, p) => s + p.path.length, 0)
  const prep = await timeIt(() => preparePaths(paths))
  const prepared = prep.result
  const baseline = await medianMs(() => plainPass(prepared), { runs: 5 })
  const models = [
    { model: 'first' },
    { model: 'last' },
    { model: 'lastNonDirect', directChannel: 'channel00' },
    { model: 'linear' },
    { model: 'linearUnique' },
    { model: 'shapley' },
    { model: 'markov', order: 1 },
    { model: 'markov', order: 2 },
    { model: 'markov', order: 3 },
  ]
  const rows = [{ model: 'plain pass (baseline)', ms: fmt(baseline, 1), 'x plain pass': '1.0', goal: '' }]
  rows.push({
    model: 'preparePaths (validate + intern, once)',
    ms: fmt(prep.ms, 1),
    'x plain pass': fmt(prep.ms / baseline, 1),
    goal: '',
  })
  for (const options of models) {
    const ms = await medianMs(() => attribute(prepared, options), { runs: 3 })
    const name = options.model === 'markov' ? `markov order ${options.order} (exact)` : options.model
    const goal = options.model !== 'markov' ? 500 : options.order === 1 ? 500 : options.order === 3 ? 3000 : null
    rows.push({
      model: name,
      ms: fmt(ms, 1),
      'x plain pass': fmt(ms / baseline, 1),
      goal: goal === null ? '' : `${ms <= goal ? 'ok' : 'MISSED'} (<= ${goal} ms)`,
    })
  }
  console.log(
    `${fmt(PATHS)} aggregated paths, ${fmt(touches)} touches, 20 channels, ${fmt(prepared.totalConversions)} converting`,
  )
  table(rows)
}

// ---- SQL reports over 1M touchpoints ----
const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const columnsOf = (table) => Object.keys(tables[table].columns)
const END = Date.UTC(2026, 5, 30)

/** A row in SQL storage form: every column of the table, `values` or a neutral default. */
function sqlRow(table, values) {
  const row = {}
  for (const [name, def] of Object.entries(tables[table].columns)) {
    const given = values[name]
    row[name] = given !== undefined ? given : def.type === 'stringArray' ? '[]' : def.type === 'json' ? '{}' : null
  }
  return row
}

/** Touchpoints of contacts (geometric journeys) until TOUCHES are made; 20% of contacts convert. */
function syntheticJourneys() {
  const rand = prng(11)
  const pick = channelPicker(rand)
  const touches = []
  const conversions = []
  const contacts = []
  const deals = []
  const dealContacts = []
  const created = new Date(END).toISOString()
  let contact = 0
  let id = 0
  const uuid = () => `00000000-0000-7000-8000-${String(id++).padStart(12, '0')}`
  while (touches.length < TOUCHES) {
    const contactId = `10000000-0000-7000-8000-${String(contact++).padStart(12, '0')}`
    const end = END - Math.floor(rand() * 150 * DAY)
    const n = pathLength(rand)
    let at = end - Math.floor(rand() * 40 * DAY)
    // The lead is created 1 ms after touch `leadAfter` (0-based), the deal after `dealAfter`.
    const leadAfter = Math.floor(rand() * n)
    const dealAfter = leadAfter + Math.floor(rand() * (n - leadAfter))
    let leadAt = created
    let dealAt = created
    for (let k = 0; k < n && touches.length < TOUCHES; k++) {
      at += Math.floor(rand() * ((end - at) / (n - k)))
      const channel = pick()
      touches.push({
        id: uuid(),
        tenantId: 'bench',
        createdAt: created,
        version: 1,
        updatedAt: created,
        channel,
        source: channel.slice(-1),
        medium: null,
        campaign: rand() < 0.5 ? `camp${Math.floor(rand() * 30)}` : null,
        content: null,
        term: null,
        occurredAt: new Date(at).toISOString(),
        occurredMs: at,
        contactId,
        anonymousId: null,
        idempotencyKey: null,
      })
      if (k === leadAfter) leadAt = new Date(at + 1).toISOString()
      if (k === dealAfter) dealAt = new Date(at + 1).toISOString()
    }
    const lifecycleStage = 'lead'
    contacts.push(
      sqlRow('contacts', {
        id: contactId,
        tenantId: 'bench',
        createdAt: leadAt,
        version: 1,
        updatedAt: leadAt,
        lifecycleStage,
        email: `c${contact}@bench.io`,
      }),
    )
    if (rand() < 0.2) {
      const dealId = uuid()
      const amountValue = 1 + Math.floor(rand() * 50_000)
      deals.push(
        sqlRow('deals', {
          id: dealId,
          tenantId: 'bench',
          createdAt: dealAt,
          version: 1,
          updatedAt: dealAt,
          title: 'deal',
          pipelineId: uuid(),
          stageId: uuid(),
          status: 'won',
          amountValue,
          amountCurrency: 'EUR',
        }),
      )
      dealContacts.push({ tenantId: 'bench', dealId, contactId, createdAt: dealAt })
      conversions.push({
        id: uuid(),
        tenantId: 'bench',
        createdAt: created,
        type: 'dealWon',
        amountValue,
        amountCurrency: 'EUR',
        occurredAt: new Date(end).toISOString(),
        occurredMs: end,
        contactId,
        dealId,
        idempotencyKey: null,
      })
    }
  }
  return { touches, conversions, contacts, deals, dealContacts }
}

/** `[SQL table, columns, rows]` to seed, in insertion order. */
const seedTables = (data) => [
  ['crm_touchpoints', columnsOf('touchpoints'), data.touches],
  ['crm_conversions', columnsOf('conversions'), data.conversions],
  ['crm_contacts', columnsOf('contacts'), data.contacts],
  ['crm_deals', columnsOf('deals'), data.deals],
  ['crm_deal_contacts', ['tenantId', 'dealId', 'contactId', 'createdAt'], data.dealContacts],
]

const reportCases = [
  { model: 'linear' },
  { model: 'markov' },
  { model: 'markov', order: 3 },
  { model: 'timeDecay' },
  { model: 'positionBased' },
  { model: 'first', groupBy: 'campaign' },
  { model: 'wShaped' },
  { model: 'fullPath' },
]
const JOURNEY_MODELS = new Set(['wShaped', 'fullPath', 'custom'])
const window = { from: new Date(END - 120 * DAY).toISOString(), to: new Date(END).toISOString(), lookbackDays: 30 }

/** The adapter query a report runs, to count what crosses from the database to JavaScript. */
function shippedQuery(options) {
  const base = { ...window, lookbackMs: 30 * DAY, groupBy: options.groupBy ?? 'channel' }
  if (JOURNEY_MODELS.has(options.model)) return { ...base, kind: 'journeys' }
  if (options.model === 'timeDecay')
    return { ...base, kind: 'credits', weighting: { model: 'timeDecay', halfLifeMs: 7 * DAY } }
  if (options.model === 'positionBased')
    return { ...base, kind: 'credits', weighting: { model: 'positionBased', first: 0.4, last: 0.4 } }
  return { ...base, kind: 'paths' }
}

function shipped(data) {
  if (data.credits.length > 0) return `${fmt(data.credits.length)} credits`
  if (data.paths.length > 0) return `${fmt(data.paths.length)} paths`
  const pct = (n) => `${Math.round((100 * n) / data.journeys.length)}%`
  const lead = data.journeys.filter((j) => j.leadMs !== null && j.touches.some((t) => t.atMs <= j.leadMs)).length
  const opp = data.journeys.filter(
    (j) => j.opportunityMs !== null && j.touches.some((t) => t.atMs <= j.opportunityMs),
  ).length
  return `${fmt(data.journeys.length)} journeys (lead touch ${pct(lead)}, opportunity touch ${pct(opp)})`
}

async function timeReports(storage, dialect, seedMs) {
  const crm = createCrm({ storage })
  const t = crm.forTenant('bench', { actor: 'bench' })
  const rows = []
  for (const options of reportCases) {
    const ms = await medianMs(() => t.attribution.report({ ...options, ...window }), { runs: 3 })
    let data
    const inAdapter = await medianMs(
      async () => {
        data = await storage.extensions.attribution.journeyData('bench', shippedQuery(options))
      },
      { runs: 3 },
    )
    rows.push({
      dialect,
      report: `${options.model}${options.order ? ` order ${options.order}` : ''}${options.groupBy ? ` by ${options.groupBy}` : ''}`,
      'ms (median of 3)': fmt(ms, 0),
      'of which adapter': fmt(inAdapter, 0),
      'rows shipped': shipped(data),
      'seed ms': fmt(seedMs),
    })
  }
  await crm.close()
  return rows
}

async function sqliteReports(data) {
  const file = join(tmpdir(), `crmkit-bench-attr-${process.pid}.db`)
  rmSync(file, { force: true })
  try {
    const schema = createCrm({ storage: sqliteStorage({ filename: file }) })
    await schema.migrate()
    await schema.close()
    const db = new Database(file)
    const seed = await timeIt(() => {
      for (const [name, cols, rows] of seedTables(data)) {
        const per = Math.floor(30_000 / cols.length)
        const stmt = db.prepare(
          `INSERT INTO ${name} (${cols.map(snake).join(', ')}) VALUES ${Array.from({ length: per }, () => `(${cols.map(() => '?').join(', ')})`).join(', ')}`,
        )
        db.transaction(() => {
          let i = 0
          for (; i + per <= rows.length; i += per)
            stmt.run(rows.slice(i, i + per).flatMap((r) => cols.map((c) => r[c])))
          for (const r of rows.slice(i))
            db.prepare(
              `INSERT INTO ${name} (${cols.map(snake).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
            ).run(cols.map((c) => r[c]))
        })()
      }
      db.exec('ANALYZE')
    })
    db.close()
    return await timeReports(sqliteStorage({ filename: file }), 'sqlite', seed.ms)
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
  }
}

async function postgresReports(data) {
  return withPostgresDatabase(PG_URL, 'crmkit_bench', async (url) => {
    const schema = createCrm({ storage: postgresStorage({ connectionString: url }) })
    await schema.migrate()
    await schema.close()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const seed = await timeIt(async () => {
      for (const [table, cols, rows] of seedTables(data)) {
        // ~1000 rows per statement: far larger VALUES lists make Postgres slower per row.
        const per = Math.floor(16_000 / cols.length)
        for (let i = 0; i < rows.length; i += per) {
          const params = []
          const tuples = rows.slice(i, i + per).map((r) => `(${cols.map((c) => `$${params.push(r[c])}`).join(', ')})`)
          await client.query(`INSERT INTO ${table} (${cols.map(snake).join(', ')}) VALUES ${tuples.join(', ')}`, params)
        }
      }
      await client.query('ANALYZE')
    })
    await client.end()
    return await timeReports(postgresStorage({ connectionString: url }), 'postgres', seed.ms)
  })
}

export async function run() {
  await modelRuns()
  const data = syntheticJourneys()
  console.log(
    `\nreports over ${fmt(data.touches.length)} touchpoints of ${fmt(data.contacts.length)} contacts, ${fmt(data.conversions.length)} conversions (won deals); window 120 days, lookback 30`,
  )
  // BENCH_ATTRIBUTION_DIALECTS=postgres (or sqlite) runs one of the two.
  const dialects = (process.env.BENCH_ATTRIBUTION_DIALECTS ?? 'sqlite,postgres').split(',')
  const rows = dialects.includes('sqlite') ? await sqliteReports(data) : []
  if (dialects.includes('postgres')) {
    try {
      rows.push(...(await postgresReports(data)))
    } catch (err) {
      console.log(`postgres skipped: ${err.message}`)
    }
  }
  table(rows)
}
