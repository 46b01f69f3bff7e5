// Saved segments: the cost of keeping stored membership current.
// - refresh() when nothing changed (what a scheduler pays every few minutes);
// - refresh() after one day passes on a time-window segment (about N/30 contacts leave): one
//   transaction writing the ended stints and one `segment.left` outbox row each, against the
//   best hand-written SQL doing the same (set-based UPDATE ... NOT EXISTS, multi-row event INSERT,
//   one transaction, same driver, same database);
// - a single contact write with a dynamic segment defined versus with none (live re-evaluation
//   of the one contact it touched, in the write's transaction).
// SQLite (better-sqlite3). N = BENCH_SEGMENT_CONTACTS (default 20,000).
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCrm, uuidv7 } from '@crmkit/core'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import Database from 'better-sqlite3'
import { fmt, medianMs, prng, table, timeIt } from './util.mjs'

const N = Number(process.env.BENCH_SEGMENT_CONTACTS ?? 20_000)
const DAY = 86_400_000
const start = Date.parse('2026-06-01T12:00:00.000Z')

async function seed(file, clock) {
  const crm = createCrm({ storage: sqliteStorage({ filename: file }), clock: () => new Date(clock.now) })
  await crm.migrate()
  const t = crm.forTenant('bench', { actor: 'bench' })
  await t.customFields.define({ entity: 'contact', key: 'lastSeen', label: 'Last seen', type: 'date' })
  const rand = prng(7)
  const inputs = Array.from({ length: N }, (_, i) => ({
    email: `p${i}@bench.example`,
    tags: rand() < 0.3 ? ['vip'] : [],
    custom: { lastSeen: new Date(start - Math.floor(rand() * 60) * DAY).toISOString().slice(0, 10) },
  }))
  await t.contacts.importMany(inputs, { batchSize: 1000 })
  return { crm, t }
}

/** The hand-written refresh of `lastSeen withinLast 14 days` at `nowMs`: same rows and events as the SDK's. */
function rawRefresh(db, segmentId, nowMs) {
  const now = new Date(nowMs).toISOString()
  const from = new Date(nowMs - 14 * DAY).toISOString().slice(0, 10)
  const to = now.slice(0, 10)
  const match = `c.tenant_id = m.tenant_id AND c.id = m.contact_id AND c.deleted_at IS NULL
    AND json_type(c.custom, '$.lastSeen') = 'text' AND json_extract(c.custom, '$.lastSeen') BETWEEN @from AND @to`
  const leavers = db.prepare(`SELECT m.contact_id AS contactId FROM crm_segment_members m
    WHERE m.tenant_id = 'bench' AND m.segment_id = @segmentId AND m.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM crm_contacts c WHERE ${match})`)
  const close =
    db.prepare(`UPDATE crm_segment_members AS m SET deleted_at = @now, updated_at = @now, version = version + 1
    WHERE m.tenant_id = 'bench' AND m.segment_id = @segmentId AND m.deleted_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM crm_contacts c WHERE ${match})`)
  const enterers = db.prepare(`SELECT c.id AS contactId FROM crm_contacts c
    WHERE c.tenant_id = 'bench' AND c.deleted_at IS NULL AND json_type(c.custom, '$.lastSeen') = 'text'
    AND json_extract(c.custom, '$.lastSeen') BETWEEN @from AND @to
    AND NOT EXISTS (SELECT 1 FROM crm_segment_members m WHERE m.tenant_id = c.tenant_id AND m.segment_id = @segmentId
      AND m.contact_id = c.id AND m.deleted_at IS NULL)`)
  const run = db.transaction(() => {
    const params = { segmentId, now, from, to }
    const left = leavers.all(params)
    const entered = enterers.all(params)
    close.run(params)
    const members = entered.map((r) => [uuidv7(), 'bench', now, 1, now, null, segmentId, r.contactId])
    for (let i = 0; i < members.length; i += 500) {
      const chunk = members.slice(i, i + 500)
      db.prepare(
        `INSERT INTO crm_segment_members (id, tenant_id, created_at, version, updated_at, deleted_at, segment_id, contact_id) VALUES ${chunk.map(() => '(?,?,?,?,?,?,?,?)').join(',')}`,
      ).run(chunk.flat())
    }
    const events = [
      ...entered.map((r) => ['segment.entered', r.contactId]),
      ...left.map((r) => ['segment.left', r.contactId]),
    ].map(([type, contactId]) => [uuidv7(), 'bench', now, type, 'bench', JSON.stringify({ segmentId, contactId })])
    for (let i = 0; i < events.length; i += 500) {
      const chunk = events.slice(i, i + 500)
      db.prepare(
        `INSERT INTO crm_events (id, tenant_id, created_at, type, actor, payload) VALUES ${chunk.map(() => '(?,?,?,?,?,?)').join(',')}`,
      ).run(chunk.flat())
    }
    return { entered: entered.length, left: left.length }
  })
  return run()
}

export async function run() {
  const file = join(tmpdir(), `crmkit-bench-segments-${process.pid}.db`)
  rmSync(file, { force: true })
  const clock = { now: start }
  const { crm, t } = await seed(file, clock)
  const where = { field: 'custom.lastSeen', op: 'withinLast', value: { days: 14 } }
  const created = await timeIt(() => t.segments.create({ name: 'Seen in 14 days', where }))
  const segment = created.result
  const members = await t.segments.count(segment.id)

  const steady = await medianMs(() => t.segments.refresh(segment.id))
  const sdkDays = []
  for (let i = 0; i < 3; i++) {
    clock.now += DAY
    sdkDays.push(await timeIt(() => t.segments.refresh(segment.id)))
  }
  const contact = (await t.contacts.list({ limit: 1 })).items[0]
  let day = 0
  const touch = () =>
    t.contacts.update(contact.id, { custom: { lastSeen: `2026-05-${String(1 + (day++ % 28)).padStart(2, '0')}` } })
  const withSegment = await medianMs(touch, { runs: 21 })
  await crm.close()

  // Hand-written, same database and driver: advance the same day steps further.
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  const rawDays = []
  for (let i = 0; i < 3; i++) {
    clock.now += DAY
    rawDays.push(await timeIt(() => rawRefresh(db, segment.id, clock.now)))
  }
  db.close()

  // The same single write in a tenant without segments: the hook's cost when no segment exists.
  const plain = createCrm({ storage: sqliteStorage({ filename: file }), clock: () => new Date(clock.now) })
  const other = plain.forTenant('bench-plain', { actor: 'bench' })
  await other.customFields.define({ entity: 'contact', key: 'lastSeen', label: 'Last seen', type: 'date' })
  const solo = await other.contacts.create({ email: 'solo@bench.example' })
  const noSegment = await medianMs(
    () =>
      other.contacts.update(solo.id, { custom: { lastSeen: `2026-05-${String(1 + (day++ % 28)).padStart(2, '0')}` } }),
    { runs: 21 },
  )
  await plain.close()
  rmSync(file, { force: true })

  const med = (xs) => [...xs].sort((a, b) => a - b)[1]
  const sdkMs = med(sdkDays.map((d) => d.ms))
  const rawMs = med(rawDays.map((d) => d.ms))
  console.log(`SQLite, ${fmt(N)} contacts; segment: custom.lastSeen withinLast 14 days (${fmt(members)} members)`)
  table([
    { measure: 'create (initial membership)', ms: fmt(created.ms, 1), note: `${fmt(members)} entered` },
    { measure: 'refresh(), nothing changed', ms: fmt(steady, 1), note: 'median of 3' },
    {
      measure: 'refresh() after one day (SDK)',
      ms: fmt(sdkMs, 1),
      note: `left ${sdkDays.map((d) => d.result.left).join('/')}, entered ${sdkDays.map((d) => d.result.entered).join('/')}`,
    },
    {
      measure: 'refresh() after one day (hand-written SQL)',
      ms: fmt(rawMs, 1),
      note: `left ${rawDays.map((d) => d.result.left).join('/')}; SDK/raw = ${fmt(sdkMs / rawMs, 2)}x`,
    },
    {
      measure: 'contacts.update, 1 dynamic segment',
      ms: fmt(withSegment, 2),
      note: 'median of 21 (live re-evaluation)',
    },
    { measure: 'contacts.update, no segment', ms: fmt(noSegment, 2), note: 'median of 21' },
  ])
}
