// List, paging and count over BENCH_LIST_ROWS contacts (default 1M) of one tenant, on SQLite and
// Postgres: crmkit's `contacts.list` / `contacts.count` against the best hand-written SQL with the
// same driver doing the same work (the page's rows and their company links, 51 rows for a page of
// 50 as crmkit reads one extra to know whether there is a next page), with the best index for it.
// Prints the median of 3 samples (after a warm-up; each sample of a fast call averages up to BENCH_LIST_REPS calls), the ratio crmkit / hand-written, and the query plan
// of both (crmkit's statements are captured at the driver).
// Goals (issue #10): a deep page <= 2x the hand-written seek; list/count <= 1.5x.
//
//   BENCH_LIST_ROWS=100000 npm run bench list      (development size)
//   flock /tmp/crmkit-bench.lock npm run bench list (full size)
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCrm } from '@crmkit/core'
import { postgresStorage } from '@crmkit/storage-adapters/postgres'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import Database from 'better-sqlite3'
import pg from 'pg'
import { fmt, medianMs, table, withPostgresDatabase } from './util.mjs'

const N = Number(process.env.BENCH_LIST_ROWS ?? 1_000_000)
const PG_URL = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const TENANT = 'bench'
const PAGE = 50

// ---- the data, generated inside each database with the same formulas ----
// lastName NULL for 1 row in 12 (so the order has a NULL tail), 5,000 distinct names otherwise;
// tag 'vip' on 2% of rows; custom.score 0..999; country DE 10%, FR 10%, US otherwise;
// createdAt every 30 s from 2024-01-01.
const sqliteFill = `
  with recursive s(i) as (select 1 union all select i + 1 from s where i < ${N})
  insert into crm_contacts (tenant_id, id, created_at, version, updated_at, email, first_name, last_name,
    lifecycle_stage, tags, custom, country)
  select '${TENANT}', printf('c%035d', i), strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || (i * 30) || ' seconds'), 1,
    strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || (i * 30) || ' seconds'),
    'person' || i || '@company' || (i % 997) || '.example', 'First' || (i % 1000),
    case when i % 12 = 0 then null else 'Last' || ((i * 7919) % 5000) end, 'lead',
    case when i % 50 = 0 then '["vip"]' when i % 7 = 0 then '["lead","b2b"]' else '[]' end,
    '{"score":' || ((i * 31) % 1000) || ',"plan":"pro"}',
    case i % 10 when 0 then 'DE' when 1 then 'FR' else 'US' end
  from s`

const pgFill = `
  insert into crm_contacts (tenant_id, id, created_at, version, updated_at, email, first_name, last_name,
    lifecycle_stage, tags, custom, country)
  select '${TENANT}', 'c' || lpad(i::text, 35, '0'), t, 1, t,
    'person' || i || '@company' || (i % 997) || '.example', 'First' || (i % 1000),
    case when i % 12 = 0 then null else 'Last' || ((i * 7919) % 5000) end, 'lead',
    (case when i % 50 = 0 then '["vip"]' when i % 7 = 0 then '["lead","b2b"]' else '[]' end)::jsonb,
    ('{"score":' || ((i * 31) % 1000) || ',"plan":"pro"}')::jsonb,
    case i % 10 when 0 then 'DE' when 1 then 'FR' else 'US' end
  from generate_series(1::bigint, ${N}) as i,
    lateral (select to_char(timestamp '2024-01-01' + i * interval '30 seconds', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t) as ts`

// ---- the five filters (crmkit) ----
const mid = Math.floor(N / 2)
const iso = (i) => new Date(Date.UTC(2024, 0, 1) + i * 30_000).toISOString()
const from = iso(Math.floor(N * 0.4))
const to = iso(Math.floor(N * 0.41))
const filters = {
  'email eq': { field: 'email', op: 'eq', value: `person${mid}@company${mid % 997}.example` },
  'tag contains': { field: 'tags', op: 'contains', value: 'vip' },
  'custom between': { field: 'custom.score', op: 'between', value: [100, 109] },
  'nested date + any': {
    all: [
      { field: 'createdAt', op: 'between', value: [from, to] },
      {
        any: [
          { field: 'country', op: 'eq', value: 'DE' },
          { field: 'tags', op: 'contains', value: 'vip' },
        ],
      },
    ],
  },
  'name contains': { field: 'lastName', op: 'contains', value: 'st499' },
}

/** The hand-written conditions (after tenant and live-row checks), per dialect; `?` = params. */
const hand = {
  sqlite: {
    'email eq': [`email = ?`, [filters['email eq'].value]],
    'tag contains': [`exists (select 1 from json_each(tags) where value = 'vip')`, []],
    'custom between': [`custom ->> 'score' between 100 and 109`, []],
    'nested date + any': [
      `created_at between ? and ? and (country = 'DE' or exists (select 1 from json_each(tags) where value = 'vip'))`,
      [from, to],
    ],
    'name contains': [`instr(last_name, 'st499') > 0`, []],
  },
  postgres: {
    'email eq': [`email = ?`, [filters['email eq'].value]],
    'tag contains': [`tags @> '["vip"]'`, []],
    'custom between': [`(custom ->> 'score')::float8 between 100 and 109`, []],
    'nested date + any': [`created_at between ? and ? and (country = 'DE' or tags @> '["vip"]')`, [from, to]],
    'name contains': [`strpos(last_name, 'st499') > 0`, []],
  },
}

/** The best indexes for the hand-written queries (crmkit's own come from its migrations). */
const handIndexes = {
  sqlite: [`create index bench_score on crm_contacts (tenant_id, (custom ->> 'score'))`],
  postgres: [
    `create index bench_tags on crm_contacts using gin (tags jsonb_path_ops)`,
    `create index bench_score on crm_contacts (tenant_id, ((custom ->> 'score')::float8))`,
  ],
}

// ---- drivers: one small interface over both, and statement capture for crmkit's plans ----
let captured = []
// better-sqlite3 statements are prepared once and cached by the adapter: record them when run.
const Statement = Object.getPrototypeOf(new Database(':memory:').prepare('select 1'))
for (const method of ['all', 'get', 'run', 'iterate']) {
  const orig = Statement[method]
  Statement[method] = function (...args) {
    captured.push({ sql: this.source, params: args })
    return orig.apply(this, args)
  }
}
const origQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (config, values, ...rest) {
  if (typeof config === 'object' && config?.text) captured.push({ sql: config.text, params: config.values })
  else if (typeof config === 'string') captured.push({ sql: config, params: values })
  return origQuery.call(this, config, values, ...rest)
}

function sqliteDriver(db) {
  const params = (p) => p.map((v) => (typeof v === 'boolean' ? Number(v) : v))
  return {
    dialect: 'sqlite',
    all: async (text, p = []) => db.prepare(text).all(...params(p)),
    plan: async (text, p = []) =>
      db
        .prepare(`explain query plan ${text}`)
        .all(...params(p))
        .map((r) => r.detail)
        .join('; '),
  }
}

function pgDriver(client) {
  let n = 0
  const numbered = (text) => text.replace(/\?/g, () => `$${++n}`)
  return {
    dialect: 'postgres',
    all: async (text, p = []) => {
      n = 0
      return (await client.query(numbered(text), p)).rows
    },
    plan: async (text, p = []) => {
      n = 0
      const rows = (await client.query(`explain ${text.includes('$1') ? text : numbered(text)}`, p)).rows
      return rows
        .map((r) => r['QUERY PLAN'].trim())
        .filter((l) => !l.startsWith('Planning'))
        .join('; ')
    },
  }
}

/** The plan of the first statement on crm_contacts that `call` runs. */
async function crmkitPlan(driver, call) {
  captured = []
  await call()
  const main = captured.find((s) => /^\s*select/i.test(s.sql) && /"?crm_contacts"? as "?r"?/i.test(s.sql))
  const statements = captured.filter((s) => /^\s*select/i.test(s.sql)).length
  if (!main) return { plan: '(no statement captured)', statements }
  return { plan: await driver.plan(main.sql, main.params ?? []), statements }
}

// ---- the measurements ----
const cursorOf = (value, id) => Buffer.from(JSON.stringify(['lastName', 'asc', value, id])).toString('base64url')

async function handPage(driver, position) {
  const ids = (rows) => rows.map((r) => r.id)
  const links = async (rows) =>
    rows.length === 0
      ? []
      : driver.all(
          `select contact_id, company_id from crm_contact_companies where tenant_id = ? and contact_id in (${rows.map(() => '?').join(', ')})`,
          [TENANT, ...ids(rows)],
        )
  const base = `select * from crm_contacts where tenant_id = ? and deleted_at is null`
  let sql
  let params
  if (position.value === null) {
    sql = `${base} and last_name is null and id > ? order by id limit ${PAGE + 1}`
    params = [TENANT, position.id]
  } else {
    sql = `${base} and last_name is not null and (last_name, id) > (?, ?) order by last_name, id limit ${PAGE + 1}`
    params = [TENANT, position.value, position.id]
  }
  const run = async () => {
    const rows = await driver.all(sql, params)
    await links(rows)
    return rows
  }
  return { run, plan: () => driver.plan(sql, params) }
}

function handList(driver, name, count) {
  const [condition, extra] = hand[driver.dialect][name]
  const sql = count
    ? `select count(*) as n from crm_contacts where tenant_id = ? and deleted_at is null and ${condition}`
    : `select * from crm_contacts where tenant_id = ? and deleted_at is null and ${condition} order by id limit ${PAGE + 1}`
  const params = [TENANT, ...extra]
  const run = async () => {
    const rows = await driver.all(sql, params)
    if (!count && rows.length > 0) {
      await driver.all(
        `select contact_id, company_id from crm_contact_companies where tenant_id = ? and contact_id in (${rows.map(() => '?').join(', ')})`,
        [TENANT, ...rows.map((r) => r.id)],
      )
    }
    return rows
  }
  return { run, plan: () => driver.plan(sql, params) }
}

async function measure(driver, t) {
  const results = []
  const short = (plan) => (plan.length > 400 ? `${plan.slice(0, 400)}…` : plan)
  // Positions: the row after which the page starts (ordered by lastName asc, NULLs last).
  const nonNull = N - Math.floor(N / 12)
  const positions = [1_000, 100_000, 900_000].filter((k) => k < nonNull).map((k) => ({ k, label: `page after ${k}` }))
  positions.push({ k: Math.floor(nonNull + (N - nonNull) / 2), label: 'page in NULL tail' })
  for (const { k, label } of positions) {
    const [row] =
      k < nonNull
        ? await driver.all(
            `select last_name as value, id from crm_contacts where tenant_id = ? and last_name is not null order by last_name, id limit 1 offset ${k - 1}`,
            [TENANT],
          )
        : await driver.all(
            `select null as value, id from crm_contacts where tenant_id = ? and last_name is null order by id limit 1 offset ${k - nonNull - 1}`,
            [TENANT],
          )
    const cursor = cursorOf(row.value, row.id)
    const call = () => t.contacts.list({ sort: { field: 'lastName' }, limit: PAGE, cursor })
    const handSide = await handPage(driver, row)
    const page = await call()
    const handRows = await handSide.run()
    if (
      page.items.map((c) => c.id).join() !==
      handRows
        .slice(0, PAGE)
        .map((r) => r.id)
        .join()
    ) {
      throw new Error(`${label}: crmkit and the hand-written seek returned different pages`)
    }
    results.push(await compare(driver, label, call, handSide))
  }
  for (const name of Object.keys(filters)) {
    const where = filters[name]
    const listCall = () => t.contacts.list({ where, limit: PAGE })
    const countCall = () => t.contacts.count({ where })
    const handListSide = handList(driver, name, false)
    const handCountSide = handList(driver, name, true)
    const [crmCount, [handCount]] = [await countCall(), await handCountSide.run()]
    if (crmCount !== Number(handCount.n)) throw new Error(`${name}: count ${crmCount} vs ${handCount.n}`)
    const crmIds = (await listCall()).items.map((c) => c.id).join()
    const handIds = (await handListSide.run())
      .slice(0, PAGE)
      .map((r) => r.id)
      .join()
    if (crmIds !== handIds) throw new Error(`${name}: crmkit and hand-written lists differ`)
    results.push(await compare(driver, `list ${name} (${crmCount} match)`, listCall, handListSide))
    results.push(await compare(driver, `count ${name}`, countCall, handCountSide))
  }
  table(results.map(({ plans, ...r }) => r))
  console.log(`\n${driver.dialect} plans (crmkit | hand-written):`)
  for (const r of results)
    console.log(`- ${r.case}\n    crmkit: ${short(r.plans[0])}\n    hand:   ${short(r.plans[1])}`)
}

/**
 * Calls per timed sample: the machine is shared, so a sample of a fast call averages several calls
 * (enough for ~30 ms, at most BENCH_LIST_REPS); a slow call (a full scan) is one call per sample.
 */
const MAX_REPS = Number(process.env.BENCH_LIST_REPS ?? 10)

async function compare(driver, label, call, handSide) {
  const once = async (fn) => {
    const start = process.hrtime.bigint()
    await fn()
    return Number(process.hrtime.bigint() - start) / 1e6
  }
  const slowest = Math.max(await once(call), await once(handSide.run))
  const reps = Math.max(1, Math.min(MAX_REPS, Math.ceil(30 / slowest)))
  const repeated = (fn) => async () => {
    for (let i = 0; i < reps; i++) await fn()
  }
  const crmMs = (await medianMs(repeated(call))) / reps
  const handMs = (await medianMs(repeated(handSide.run))) / reps
  const { plan, statements } = await crmkitPlan(driver, call)
  return {
    case: label,
    'crmkit ms': fmt(crmMs, 2),
    'hand ms': fmt(handMs, 2),
    ratio: `${fmt(crmMs / handMs, 2)}x`,
    statements,
    plans: [plan, await handSide.plan()],
  }
}

async function defineScore(t) {
  await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number', indexed: true })
}

async function sqliteRun() {
  const file = join(tmpdir(), `crmkit-list-bench-${process.pid}.db`)
  try {
    const crm = createCrm({ storage: sqliteStorage({ filename: file }) })
    await crm.migrate()
    const raw = new Database(file)
    raw.exec(sqliteFill)
    for (const ddl of handIndexes.sqlite) raw.exec(ddl)
    const t = crm.forTenant(TENANT, { actor: 'bench' })
    await defineScore(t)
    raw.exec('analyze')
    console.log(`\n### SQLite, ${fmt(N)} contacts`)
    await measure(sqliteDriver(raw), t)
    raw.close()
    await crm.close()
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  }
}

async function postgresRun() {
  return withPostgresDatabase(PG_URL, 'crmkit_list_bench', async (url) => {
    const crm = createCrm({ storage: postgresStorage({ connectionString: url }) })
    await crm.migrate()
    const client = new pg.Client({ connectionString: url })
    client.on('error', () => undefined)
    await client.connect()
    await client.query(pgFill)
    for (const ddl of handIndexes.postgres) await client.query(ddl)
    const t = crm.forTenant(TENANT, { actor: 'bench' })
    await defineScore(t)
    await client.query('vacuum analyze')
    console.log(`\n### Postgres, ${fmt(N)} contacts`)
    await measure(pgDriver(client), t)
    await client.end()
    await crm.close()
  })
}

export async function run() {
  // BENCH_LIST_DIALECTS=postgres (or sqlite) runs one of them.
  const only = process.env.BENCH_LIST_DIALECTS
  if (!only || only.includes('sqlite')) await sqliteRun()
  if (!only || only.includes('postgres')) await postgresRun()
}
