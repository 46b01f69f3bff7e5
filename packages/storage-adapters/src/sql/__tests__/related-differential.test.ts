/**
 * Differential test of related conditions (behaviour, aggregates, related-record fields): for
 * random timelines and random related conditions, every SQL dialect and the memory adapter
 * select exactly the contacts that a naive evaluation selects: core's `relatedEvaluator` over
 * related rows found by scanning every generated row (no index), with deleted rows and other
 * tenants' rows left out. Another tenant holds a different timeline under the same ids, so a
 * subquery missing its tenant filter shows up.
 */
import type { ResolvedFilter, ResolvedRelated, StorageAdapter, StorageRow, TableName } from '@crmkit/core/storage'
import { evaluateFilter, links, relatedEvaluator, relationOf, tables } from '@crmkit/core/storage'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '../../memory/index.js'
import type { TestDatabase } from '../../testing/databases.js'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import { relatedFilter, type Timeline, timelines } from './related-arbitraries.js'

const dialects = await availableSqlDialects()
let tenantCounter = 0

async function load(storage: StorageAdapter, tenantId: string, timeline: Timeline): Promise<void> {
  for (const [table, rows] of Object.entries(timeline.rows)) {
    if (rows.length > 0) await storage.insert(table as TableName, tenantId, rows)
  }
  await storage.link('contactCompanies', tenantId, timeline.contactCompanies, '2026-01-01T00:00:00.000Z')
  await storage.link('dealContacts', tenantId, timeline.dealContacts, '2026-01-01T00:00:00.000Z')
}

const isLive = (table: TableName, row: StorageRow) => !tables[table].softDelete || row.deletedAt === null

/** The related rows of an owner, found by scanning the whole timeline (the independent oracle). */
function naiveRowsOf(timeline: Timeline) {
  return (node: ResolvedRelated, owner: StorageRow): StorageRow[] => {
    const relation = relationOf(node.owner, node.relation)
    if (relation === undefined) throw new Error(`no relation ${node.relation}`)
    const rows = (timeline.rows[relation.table] ?? []).filter((r) => isLive(relation.table, r))
    const join = relation.join
    if (join.kind === 'foreign') return rows.filter((r) => r[join.column] === owner.id)
    if (join.kind === 'reference') return rows.filter((r) => r.id === owner[join.column])
    const pairs = join.link === 'contactCompanies' ? timeline.contactCompanies : timeline.dealContacts
    const ownIndex = join.own === 'left' ? 0 : 1
    const link = links[join.link]
    if ((join.own === 'left' ? link.right.table : link.left.table) !== relation.table) throw new Error('bad link')
    const partnerIds = pairs.filter((p) => p[ownIndex] === owner.id).map((p) => p[1 - ownIndex])
    return rows.filter((r) => partnerIds.includes(String(r.id)))
  }
}

function expectedIds(timeline: Timeline, where: ResolvedFilter): string[] {
  const related = relatedEvaluator(naiveRowsOf(timeline))
  return (timeline.rows.contacts ?? [])
    .filter((c) => c.deletedAt === null && evaluateFilter(where, c, related))
    .map((c) => String(c.id))
    .sort()
}

const adapters: ReadonlyArray<string> = ['memory', ...dialects]

describe.each(adapters)('%s: related conditions select exactly what the naive evaluation selects', (name) => {
  let db: TestDatabase | undefined
  let storage: StorageAdapter

  beforeAll(async () => {
    if (name === 'memory') storage = memoryStorage()
    else {
      db = await createTestDatabase(name as (typeof dialects)[number])
      storage = db.storage()
    }
    await storage.migrate()
  })

  afterAll(async () => {
    await storage?.close()
    await db?.drop()
  })

  it('query() and count() agree on random timelines and conditions, tenant by tenant', async () => {
    await fc.assert(
      fc.asyncProperty(
        timelines,
        timelines,
        fc.array(relatedFilter, { minLength: 1, maxLength: 6 }),
        async (timeline, decoy, wheres) => {
          const tenantId = `rel-${process.pid}-${++tenantCounter}`
          const decoyId = `rel-${process.pid}-${++tenantCounter}`
          await load(storage, tenantId, timeline)
          await load(storage, decoyId, decoy)
          for (const where of wheres) {
            const expected = expectedIds(timeline, where)
            const got = (await storage.query('contacts', tenantId, { where })).map((r) => String(r.id)).sort()
            expect(got, JSON.stringify(where)).toEqual(expected)
            expect(await storage.count('contacts', tenantId, { where }), JSON.stringify(where)).toBe(expected.length)
          }
        },
      ),
      { numRuns: name === 'memory' ? 200 : 60 },
    )
  })
})
