// Child process of import.bench.mjs: streams N generated rows into a fresh SQLite file with
// `contacts.importMany` and prints { peakRssMb, baselineRssMb, ms } as the last line of stdout.
// Peak RSS comes from the kernel (getrusage ru_maxrss), so it covers the whole process.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import { inputs, prepare } from './import.bench.mjs'

const n = Number(process.argv[2] ?? 1_000_000)
const file = join(tmpdir(), `crmkit-bench-rss-${process.pid}.db`)
rmSync(file, { force: true })
const baselineRssMb = process.memoryUsage().rss / 2 ** 20
const { crm, t, companyIds } = await prepare(sqliteStorage({ filename: file }))
const start = performance.now()
const result = await t.contacts.importMany(inputs(n, companyIds), { batchSize: 500 })
const ms = performance.now() - start
await crm.close()
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
if (result.created !== n) throw new Error(`created ${result.created} of ${n}`)
console.log(JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024, baselineRssMb, ms }))
