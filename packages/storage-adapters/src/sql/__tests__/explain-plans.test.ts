/**
 * The statements list calls send are ones the database answers from an index: asserted on the
 * plan text of EXPLAIN (never on time), on each dialect, for keyset pages of a nullable sort key
 * in both phases (see order.ts), a custom field declared `indexed: true`, and tag conditions on
 * Postgres (the tenant-keyed GIN index of migration 0006).
 */
import { createCrm } from '@crmkit/core'
import type { QueryCursor, QueryOrder, ResolvedFilter } from '@crmkit/core/storage'
import { tables } from '@crmkit/core/storage'
import type { Kysely } from 'kysely'
import {
  DummyDriver,
  Kysely as KyselyClass,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import { availableSqlDialects, type SqlTestDialect } from '../../testing/databases.js'
import { columnRef } from '../codec.js'
import { customFieldIndexName } from '../custom-field-indexes.js'
import type { Fragment, SqlDb, SqlDialect } from '../dialect.js'
import { mysqlDialect } from '../dialects/mysql/dialect.js'
import { postgresDialect } from '../dialects/postgres/dialect.js'
import { sqliteDialect } from '../dialects/sqlite/dialect.js'
import { compileFilter } from '../filter-compiler.js'
import { pagePhases } from '../order.js'
import { contact, nextTenant, useMigratedDatabase } from './fixtures.js'

const specs: Record<SqlTestDialect, SqlDialect> = {
  sqlite: sqliteDialect,
  postgres: postgresDialect,
  mysql: mysqlDialect,
}

/** A Kysely instance that only compiles, in `dialect`'s SQL. */
function compiler(dialect: SqlTestDialect): Kysely<SqlDb> {
  const parts = {
    sqlite: [SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler],
    postgres: [PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler],
    mysql: [MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler],
  } as const
  const [Adapter, Introspector, QueryCompiler] = parts[dialect]
  return new KyselyClass<SqlDb>({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new Introspector(db),
      createQueryCompiler: () => new QueryCompiler(),
    },
  })
}

const ROWS = 3000
const dialects = await availableSqlDialects()

describe.each(dialects)('%s: list statements use their index (EXPLAIN)', (dialect) => {
  const fixture = useMigratedDatabase(dialect)
  const spec = specs[dialect]
  const def = tables.contacts
  const tenant = nextTenant()
  let seeded = false

  async function seed(): Promise<void> {
    if (seeded) return
    const { storage, db } = fixture()
    const t = createCrm({ storage }).forTenant(tenant, { actor: 'test' })
    await t.customFields.define({ entity: 'contact', key: 'score', label: 'Score', type: 'number', indexed: true })
    const rows = Array.from({ length: ROWS }, (_, i) =>
      contact({
        lastName: i % 10 === 0 ? null : `n${(i * 37) % 500}`,
        tags: i % 100 === 0 ? ['vip'] : [],
        custom: { score: (i * 31) % 1000 },
      }),
    )
    await storage.insert('contacts', tenant, rows)
    await db.execute(dialect === 'mysql' ? 'analyze table crm_contacts' : 'analyze', [])
    seeded = true
  }

  /** The plan of `select id from crm_contacts where <tenant, live, conditions> order by ... limit 51`. */
  async function plan(conditions: ReturnType<typeof compileFilter>[], orderBy: readonly Fragment[] = []) {
    await seed()
    const k = compiler(dialect)
    let query = k
      .selectFrom(k.dynamic.table('crm_contacts').as('r'))
      .select('r.id')
      .where(sql<boolean>`${columnRef(def, 'tenantId')} = ${tenant}`)
      .where(sql<boolean>`${columnRef(def, 'deletedAt')} is null`)
    for (const c of conditions) query = query.where(c)
    for (const item of orderBy) query = query.orderBy(item)
    const compiled = query.limit(51).compile()
    const rows = await fixture().db.execute(`explain ${dialect === 'sqlite' ? 'query plan ' : ''}${compiled.sql}`, [
      ...compiled.parameters,
    ])
    if (dialect === 'sqlite') return rows.map((r) => String(r.detail)).join('\n')
    if (dialect === 'postgres') return rows.map((r) => String(r['QUERY PLAN'])).join('\n')
    return rows.map((r) => `key=${String(r.key)} type=${String(r.type)} extra=${String(r.Extra)}`).join('\n')
  }

  async function pagePlan(cursor: QueryCursor, phase: number): Promise<string> {
    const order: QueryOrder = { column: 'lastName', direction: 'asc' }
    const phases = pagePhases(spec, def, order, cursor)
    const chosen = phases[phase]
    if (!chosen) throw new Error(`no phase ${phase}`)
    return plan([...chosen.where], chosen.orderBy)
  }

  it('a page after a non-NULL cursor seeks in (tenant_id, last_name, id), with no sort', async () => {
    const text = await pagePlan({ value: 'n250', id: '0' }, 0)
    if (dialect === 'sqlite') {
      expect(text).toContain('USING INDEX crm_contacts_last_name_id_idx')
      expect(text).not.toContain('TEMP B-TREE')
    } else if (dialect === 'postgres') {
      expect(text).toMatch(/Index (Only )?Scan using crm_contacts_last_name_id_idx/)
      expect(text).toMatch(/Index Cond: .*ROW\(.*last_name.*, .*id.*\) > ROW\(/)
      expect(text).not.toMatch(/\bSort\b/)
    } else {
      expect(text).toContain('key=crm_contacts_last_name_idx type=range')
      expect(text).not.toContain('filesort')
    }
  })

  it('the NULL phase of a page seeks to the NULL keys in the same index', async () => {
    const text = await pagePlan({ value: null, id: '0' }, 0)
    if (dialect === 'sqlite') {
      expect(text).toMatch(/USING INDEX crm_contacts_last_name_id_idx \(tenant_id=\? AND last_name=\? AND id>\?\)/)
    } else if (dialect === 'postgres') {
      // Either index starts at the cursor: (tenant_id, last_name IS NULL, id > i) or, when the
      // statistics make NULL keys look common, the primary key from id > i filtering last_name.
      expect(text).toMatch(/Index Scan using crm_contacts_(last_name_id_idx|pkey)/)
      expect(text).toMatch(/Index Cond: .*\(id\)::text > /)
      expect(text).not.toMatch(/\bSort\b/)
    } else {
      expect(text).toContain('key=crm_contacts_last_name_idx')
      expect(text).not.toContain('filesort')
    }
  })

  const between: ResolvedFilter = {
    kind: 'condition',
    target: { source: 'custom', key: 'score', type: 'number' },
    op: 'between',
    value: [100, 104],
  }

  // MySQL/MariaDB get no custom-field index (see custom-field-indexes.ts) and no GIN index.
  if (dialect !== 'mysql') {
    it('an indexed custom field is filtered through its expression index', async () => {
      const text = await plan([compileFilter(between, { dialect: spec, table: def, tenantId: tenant })])
      expect(text).toContain(customFieldIndexName('crm_contacts', 'score', 'number'))
    })
  }

  if (dialect === 'postgres')
    it('tag conditions probe the tenant-keyed GIN index', async () => {
      const tags: ResolvedFilter = {
        kind: 'condition',
        target: { source: 'column', column: 'tags', type: 'stringArray' },
        op: 'contains',
        value: 'vip',
      }
      const text = await plan([compileFilter(tags, { dialect: spec, table: def, tenantId: tenant })])
      expect(text).toContain('Bitmap Index Scan on crm_contacts_tags_gin_idx')
    })
})
