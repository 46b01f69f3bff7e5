// Child process of memory-adapter.bench.mjs: one `contacts.importMany` of N rows into a fresh
// memory adapter, in a fresh process (so the heaps of earlier runs do not slow it down), and
// prints { ms } as the last line of stdout.
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import { inputs, prepare } from './import.bench.mjs'

const n = Number(process.argv[2] ?? 20_000)
const { crm, t, companyIds } = await prepare(memoryStorage())
const rows = [...inputs(n, companyIds)]
globalThis.gc?.()
const start = performance.now()
const result = await t.contacts.importMany(rows, { batchSize: 500 })
const ms = performance.now() - start
await crm.close()
if (result.created !== n) throw new Error(`memory import created ${result.created} of ${n}`)
console.log(JSON.stringify({ ms }))
