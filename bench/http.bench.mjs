// HTTP load test: `createCrmHandler` behind node:http on 127.0.0.1 (in a worker thread), driven by
// 50 concurrent `createRemoteCrm` clients for 30 s per dialect (SQLite file, PostgreSQL) doing a
// mix of get / list / update. Updates are counter increments on a small hot set of contacts
// (read, then compare-and-set with `expectedVersion`, retried on ConflictError), so every
// increment the clients saw succeed must be in the database at the end: "lost updates" counts
// the difference. Errors counts every other failure. Both must be zero.
//
// Beside it, the same mix against a hand-written node:http server using the same driver
// directly (one SELECT by id, one SELECT page, one UPDATE ... WHERE version = ?), as the
// baseline the SDK is compared with.
//
// BENCH_HTTP_SECONDS (default 30) and BENCH_HTTP_CLIENTS (default 50) shorten it for development.

import { rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { ConflictError, createCrm } from '@crmkit/core'
import { createRemoteCrm } from '@crmkit/core/client'
import { createCrmHandler } from '@crmkit/core/http'
import { toNodeListener } from '@crmkit/core/http/node'
import { postgresStorage } from '@crmkit/storage-adapters/postgres'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import pg from 'pg'
import { fmt, prng, table, withPostgresDatabase } from './util.mjs'

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 30)
const CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 50)
const CONTACTS = 2000
const HOT = 50
const PG_URL = process.env.CRMKIT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const TENANT = 'bench'

const storageFor = (dialect, target) =>
  dialect === 'sqlite' ? sqliteStorage({ filename: target }) : postgresStorage({ connectionString: target, max: 10 })

/** Worker: migrate, seed, serve crmkit (or the hand-written baseline) until told to stop. */
async function serve({ dialect, target, mode }) {
  const crm = createCrm({ storage: storageFor(dialect, target) })
  await crm.migrate()
  const t = crm.forTenant(TENANT, { actor: 'seed' })
  const result = await t.contacts.importMany(
    Array.from({ length: CONTACTS }, (_, i) => ({
      email: `p${i}@load.example`,
      firstName: `P${i}`,
      lifecycleStage: i % 3 === 0 ? 'lead' : 'customer',
      title: '0',
    })),
  )
  const ids = (await t.contacts.list({ limit: 1000 })).items.map((c) => c.id)
  if (result.created !== CONTACTS) throw new Error(`seeded ${result.created} contacts`)
  const listener =
    mode === 'sdk'
      ? toNodeListener(createCrmHandler({ crm, resolveContext: () => ({ tenantId: TENANT, actor: 'load' }) }))
      : await rawListener(dialect, target)
  const server = createServer(listener)
  server.keepAliveTimeout = 60_000
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  parentPort.postMessage({ port: server.address().port, ids })
  parentPort.on('message', async () => {
    server.closeAllConnections()
    server.close()
    await crm.close()
    await listener.close?.()
    parentPort.postMessage('stopped')
  })
}

/** The hand-written baseline: same routes and JSON, queries straight on the driver. */
async function rawListener(dialect, target) {
  const cols =
    'id, tenant_id, version, created_at, updated_at, deleted_at, email, first_name, last_name, title, lifecycle_stage, tags, custom'
  let query
  let close
  if (dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(target)
    db.pragma('journal_mode = WAL')
    const get = db.prepare(`SELECT ${cols} FROM crm_contacts WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL`)
    const list = db.prepare(
      `SELECT ${cols} FROM crm_contacts WHERE tenant_id = ? AND deleted_at IS NULL AND lifecycle_stage = ? ORDER BY created_at DESC, id DESC LIMIT 21`,
    )
    const update = db.prepare(
      'UPDATE crm_contacts SET title = ?, version = version + 1, updated_at = ? WHERE tenant_id = ? AND id = ? AND version = ?',
    )
    query = {
      get: async (id) => get.get(TENANT, id) ?? null,
      list: async () => list.all(TENANT, 'lead'),
      update: async (id, title, version) =>
        update.run(title, new Date().toISOString(), TENANT, id, version).changes === 1,
    }
    close = () => db.close()
  } else {
    const pool = new pg.Pool({ connectionString: target, max: 10 })
    query = {
      get: async (id) =>
        (
          await pool.query(`SELECT ${cols} FROM crm_contacts WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`, [
            TENANT,
            id,
          ])
        ).rows[0] ?? null,
      list: async () =>
        (
          await pool.query(
            `SELECT ${cols} FROM crm_contacts WHERE tenant_id = $1 AND deleted_at IS NULL AND lifecycle_stage = $2 ORDER BY created_at DESC, id DESC LIMIT 21`,
            [TENANT, 'lead'],
          )
        ).rows,
      update: async (id, title, version) =>
        (
          await pool.query(
            'UPDATE crm_contacts SET title = $1, version = version + 1, updated_at = $2 WHERE tenant_id = $3 AND id = $4 AND version = $5',
            [title, new Date().toISOString(), TENANT, id, version],
          )
        ).rowCount === 1,
    }
    close = () => pool.end()
  }
  const listener = (req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', async () => {
      const args = JSON.parse(body || '{}')
      let out
      let status = 200
      if (req.url === '/contacts/get') out = await query.get(args.id)
      else if (req.url === '/contacts/list') out = { items: (await query.list()).slice(0, 20) }
      else if (await query.update(args.id, args.patch.title, args.options.expectedVersion)) out = { id: args.id }
      else {
        status = 409
        out = {
          error: {
            code: 'CONFLICT',
            message: 'stale',
            details: {
              kind: 'version',
              entity: 'contact',
              id: args.id,
              expectedVersion: args.options.expectedVersion,
              currentVersion: null,
            },
          },
        }
      }
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(out))
    })
  }
  listener.close = close
  return listener
}

if (!isMainThread && workerData?.crmkitHttpBench) await serve(workerData)

const p = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

/** Drive one server with CLIENTS loops for SECONDS; return latencies, errors and the increments seen. */
async function drive(port, ids, hot) {
  const baseUrl = `http://127.0.0.1:${port}`
  const latencies = { get: [], list: [], update: [] }
  const increments = new Map(hot.map((id) => [id, 0]))
  let errors = 0
  let conflicts = 0
  const firstErrors = []
  const deadline = Date.now() + SECONDS * 1000
  const timed = async (kind, call) => {
    const start = performance.now()
    try {
      return await call()
    } finally {
      latencies[kind].push(performance.now() - start)
    }
  }
  const client = async (n) => {
    const t = createRemoteCrm({ baseUrl })
    const rand = prng(1000 + n)
    for (let i = n; Date.now() < deadline; i++) {
      try {
        const kind = ['get', 'list', 'update'][i % 3]
        if (kind === 'get') await timed('get', () => t.contacts.get(ids[Math.floor(rand() * ids.length)]))
        else if (kind === 'list') {
          await timed('list', () =>
            t.contacts.list({
              limit: 20,
              where: { field: 'lifecycleStage', op: 'eq', value: 'lead' },
              sort: { field: 'createdAt', direction: 'desc' },
            }),
          )
        } else {
          const id = hot[Math.floor(rand() * hot.length)]
          for (;;) {
            const current = await t.contacts.get(id)
            try {
              await timed('update', () =>
                t.contacts.update(
                  id,
                  { title: String(Number(current.title) + 1) },
                  { expectedVersion: current.version },
                ),
              )
              increments.set(id, increments.get(id) + 1)
              break
            } catch (error) {
              if (!(error instanceof ConflictError)) throw error
              conflicts += 1
            }
          }
        }
      } catch (error) {
        errors += 1
        if (firstErrors.length < 3) firstErrors.push(String(error))
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)))
  return { latencies, increments, errors, conflicts, firstErrors }
}

/** One server run (sdk or raw) on one database: start the worker, drive it, stop it, count lost updates. */
async function runOnce(dialect, target, mode) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { crmkitHttpBench: true, dialect, target, mode } })
  const failed = new Promise((_, reject) => worker.once('error', reject))
  const ready = await Promise.race([new Promise((resolve) => worker.once('message', resolve)), failed])
  const ids = ready.ids
  const hot = ids.slice(0, HOT)
  const outcome = await drive(ready.port, ids, hot)
  worker.postMessage('stop')
  await Promise.race([new Promise((resolve) => worker.once('message', resolve)), failed])
  await worker.terminate()
  // Every increment a client saw succeed must be stored: the title counts them, version - 1 too.
  const check = createCrm({ storage: storageFor(dialect, target) })
  const t = check.forTenant(TENANT, { actor: 'check' })
  let lost = 0
  for (const id of hot) {
    const stored = await t.contacts.get(id)
    const seen = outcome.increments.get(id)
    lost += Math.abs(Number(stored.title) - seen) + Math.abs(stored.version - 1 - seen)
  }
  await check.close()
  return { ...outcome, lost }
}

function rows(dialect, mode, outcome) {
  return ['get', 'list', 'update'].map((kind) => {
    const sorted = outcome.latencies[kind].sort((a, b) => a - b)
    return {
      dialect,
      server: mode,
      op: kind,
      requests: fmt(sorted.length),
      'req/s': fmt(sorted.length / SECONDS),
      'p50 ms': fmt(p(sorted, 0.5), 1),
      'p95 ms': fmt(p(sorted, 0.95), 1),
      'p99 ms': fmt(p(sorted, 0.99), 1),
    }
  })
}

async function sqliteTarget(fn) {
  const file = join(tmpdir(), `crmkit-http-bench-${process.pid}-${Date.now()}.db`)
  try {
    return await fn(file)
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  }
}

const postgresTarget = (fn) => withPostgresDatabase(PG_URL, 'crmkit_bench_http', fn)

export async function run() {
  console.log(`${CLIENTS} concurrent clients, ${SECONDS} s per server, 127.0.0.1; get : list : update = 1 : 1 : 1`)
  const all = []
  const totals = []
  for (const [dialect, target] of [
    ['sqlite', sqliteTarget],
    ['postgres', postgresTarget],
  ]) {
    for (const mode of ['sdk', 'raw']) {
      try {
        const outcome = await target((url) => runOnce(dialect, url, mode))
        all.push(...rows(dialect, mode, outcome))
        totals.push({
          dialect,
          server: mode,
          errors: outcome.errors,
          'lost updates': outcome.lost,
          'conflicts retried': fmt(outcome.conflicts),
          'first errors': outcome.firstErrors.join(' | ') || '-',
        })
      } catch (error) {
        console.log(`${dialect} ${mode}: skipped (${error.message})`)
      }
    }
  }
  table(all)
  console.log('')
  table(totals)
  const ratio = (dialect, op) => {
    const get = (mode) => all.find((r) => r.dialect === dialect && r.server === mode && r.op === op)
    const sdk = get('sdk')
    const raw = get('raw')
    return sdk && raw
      ? (Number(sdk['req/s'].replace(/,/g, '')) / Number(raw['req/s'].replace(/,/g, ''))).toFixed(2)
      : '-'
  }
  console.log('')
  table(
    ['sqlite', 'postgres'].map((d) => ({
      dialect: d,
      'sdk/raw get': ratio(d, 'get'),
      'sdk/raw list': ratio(d, 'list'),
      'sdk/raw update': ratio(d, 'update'),
    })),
  )
}

if (isMainThread && import.meta.url === `file://${process.argv[1]}`) await run()
