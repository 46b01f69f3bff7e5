// crmkit quick start: a small but realistic CRM on the embedded SQLite default.
// Run from the repository root with `npm run demo`.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCrm } from '@crmkit/core'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import { seed } from './seed.mjs'
import { printSummary } from './summary.mjs'

const filename = process.env.CRMKIT_DEMO_DB ?? join(tmpdir(), 'crmkit-quickstart.db')
rmSync(filename, { force: true })

// A fixed clock makes the demo print the same story on every run.
let now = Date.parse('2026-09-01T09:00:00.000Z')
const clock = () => new Date(now)
const advanceDays = (days) => {
  now += days * 86_400_000
}

const crm = createCrm({ storage: sqliteStorage({ filename }), clock })
await crm.migrate()

const events = []
crm.events.onAny((event) => events.push(event.type))

const acme = crm.forTenant('acme', { actor: 'demo-script' })
const seeded = await seed(acme, advanceDays)
await printSummary(acme, seeded, events)

await crm.close()
console.log(`\nDatabase file: ${filename}`)
