// The memory adapter at scale.
// 1. `contacts.count(where)` over BENCH_MEMORY_ROWS (default 1M) contacts versus core's filter
//    evaluator alone looping over the same stored rows with the same resolved filter (the
//    least any in-memory count can do). Goal: count <= 2x the evaluator. Median of 3.
// 2. `contacts.importMany` into memory at 20k / 40k / 80k rows (each row linked to one of 200
//    companies), each in a fresh child process, median of 3: rows/s must stay flat (linear).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createCrm, uuidv7 } from '@crmkit/core'
import { evaluateFilter, tables } from '@crmkit/core/storage'
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import { fmt, medianMs, prng, table } from './util.mjs'

const ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 1_000_000)
const IMPORT_SIZES = (process.env.BENCH_MEMORY_IMPORT ?? '20000,40000,80000').split(',').map(Number)
const TENANT = 'bench'

/** Contacts in storage form, written straight through the adapter (the setup is not timed). */
async function fill(storage, n) {
  const rand = prng(7)
  const at = new Date().toISOString()
  const empty = Object.fromEntries(Object.keys(tables.contacts.columns).map((c) => [c, null]))
  const stages = ['lead', 'customer', 'churned']
  for (let start = 0; start < n; start += 10_000) {
    const rows = []
    for (let i = start; i < Math.min(n, start + 10_000); i++) {
      rows.push({
        ...empty,
        id: uuidv7(),
        tenantId: TENANT,
        version: 1,
        createdAt: at,
        updatedAt: at,
        email: `person${i}@example.com`,
        firstName: `First${i}`,
        lastName: `Last${i % 5000}`,
        lifecycleStage: stages[i % 3],
        tags: rand() < 0.2 ? ['vip'] : [],
        custom: { score: Math.floor(rand() * 100) },
      })
    }
    await storage.insert('contacts', TENANT, rows)
  }
}

async function countSuite() {
  const storage = memoryStorage()
  let where
  // The same adapter, recording the resolved filter core hands to count().
  const spy = {
    ...storage,
    count: (table, tenant, query) => {
      where = query?.where
      return storage.count(table, tenant, query)
    },
  }
  const crm = createCrm({ storage: spy })
  await crm.migrate()
  await fill(storage, ROWS)
  const t = crm.forTenant(TENANT, { actor: 'bench' })
  const filters = {
    'tags contains vip': { field: 'tags', op: 'contains', value: 'vip' },
    'lifecycleStage eq customer': { field: 'lifecycleStage', op: 'eq', value: 'customer' },
  }
  const rows = storage.store.tables.get('contacts').get(TENANT)
  const out = []
  for (const [name, filter] of Object.entries(filters)) {
    let counted = 0
    const crmMs = await medianMs(async () => {
      counted = await t.contacts.count({ where: filter })
    })
    let evaluated = 0
    const evalMs = await medianMs(() => {
      evaluated = 0
      for (const row of rows.values()) if (row.deletedAt === null && evaluateFilter(where, row)) evaluated++
    })
    if (counted !== evaluated) throw new Error(`${name}: count ${counted}, evaluator ${evaluated}`)
    out.push({
      filter: name,
      contacts: fmt(ROWS),
      matches: fmt(counted),
      'count ms': fmt(crmMs, 1),
      'evaluator ms': fmt(evalMs, 1),
      'count/evaluator': fmt(crmMs / evalMs, 2),
    })
  }
  await crm.close()
  table(out)
}

/** One memory import of `n` rows in a child process (memory-import.mjs); its time in ms. */
function childImport(n) {
  const script = fileURLToPath(new URL('./memory-import.mjs', import.meta.url))
  const out = execFileSync(process.execPath, ['--expose-gc', script, String(n)], { encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').at(-1)).ms
}

async function importSuite() {
  const out = []
  for (const n of IMPORT_SIZES) {
    const ms = [childImport(n), childImport(n), childImport(n)].sort((a, b) => a - b)[1]
    out.push({ rows: fmt(n), 'median ms': fmt(ms), 'rows/s': fmt((n / ms) * 1000) })
  }
  table(out)
}

export async function run() {
  await countSuite()
  console.log('')
  await importSuite()
}
