/**
 * Reads the live catalog of each SQL dialect after `migrate()` and checks the rules that
 * keep the schema tenant-distributable: every primary key and every index leads with
 * `tenant_id`. Also checks that migrating is idempotent and safe to run concurrently, and
 * that text columns got the binary collations the filter semantics rely on.
 */
import { links, tableList } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { TestDatabase } from '../../testing/databases.js'
import { availableSqlDialects, createTestDatabase } from '../../testing/databases.js'
import { sqliteDialect } from '../dialects/sqlite/dialect.js'
import { sqlMigrations } from '../migrations/index.js'
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, sqlLinkTable, sqlTableName } from '../names.js'
import { useMigratedDatabase } from './fixtures.js'

const dialects = await availableSqlDialects()

/** Every migration the package ships (the names do not depend on the dialect). */
const allMigrations = Object.keys(sqlMigrations(sqliteDialect)).sort()

/** Kysely's bookkeeping of applied migrations: not tenant data, so exempt from the rules. */
const BOOKKEEPING = new Set([MIGRATION_TABLE, MIGRATION_LOCK_TABLE])

interface CatalogTable {
  readonly name: string
  /** Primary-key columns in key order (empty: no primary key). */
  readonly primaryKey: readonly string[]
  /** Each index (incl. unique and PK-backing ones) with its leading column (null: expression). */
  readonly indexes: ReadonlyArray<{ readonly name: string; readonly first: string | null }>
}

async function sqliteCatalog(db: TestDatabase): Promise<CatalogTable[]> {
  const tables = await db.execute(
    `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`,
    [],
  )
  const out: CatalogTable[] = []
  for (const { name } of tables) {
    const table = String(name)
    const columns = await db.execute(`select name, pk from pragma_table_info(?) where pk > 0 order by pk`, [table])
    const indexes = await db.execute(`select name from pragma_index_list(?)`, [table])
    const indexInfo = []
    for (const index of indexes) {
      const cols = await db.execute(`select name from pragma_index_info(?) where seqno = 0`, [String(index.name)])
      indexInfo.push({ name: String(index.name), first: cols[0]?.name == null ? null : String(cols[0].name) })
    }
    out.push({ name: table, primaryKey: columns.map((c) => String(c.name)), indexes: indexInfo })
  }
  return out
}

async function postgresCatalog(db: TestDatabase): Promise<CatalogTable[]> {
  const tables = await db.execute(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    [],
  )
  const out: CatalogTable[] = []
  for (const { name } of tables) {
    const table = String(name)
    const pk = await db.execute(
      `select k.column_name as name from information_schema.table_constraints c
       join information_schema.key_column_usage k on k.constraint_name = c.constraint_name and k.table_schema = c.table_schema and k.table_name = c.table_name
       where c.table_schema = 'public' and c.table_name = $1 and c.constraint_type = 'PRIMARY KEY' order by k.ordinal_position`,
      [table],
    )
    // indkey[0] = 0 marks an expression as the first key: reported as its text, which fails the
    // rule unless it keys every entry by tenant_id (the tags GIN index of migration 0006).
    const indexes = await db.execute(
      `select i.relname as name, coalesce(a.attname, pg_get_indexdef(x.indexrelid, 1, true)) as first from pg_index x
       join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
       left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
       where n.nspname = 'public' and t.relname = $1`,
      [table],
    )
    out.push({
      name: table,
      primaryKey: pk.map((c) => String(c.name)),
      indexes: indexes.map((i) => ({ name: String(i.name), first: i.first == null ? null : String(i.first) })),
    })
  }
  return out
}

async function mysqlCatalog(db: TestDatabase): Promise<CatalogTable[]> {
  const tables = await db.execute(
    `select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'`,
    [],
  )
  const out: CatalogTable[] = []
  for (const { name } of tables) {
    const table = String(name)
    const stats = await db.execute(
      `select index_name as idx, column_name as col, seq_in_index as seq from information_schema.statistics
       where table_schema = database() and table_name = ? order by index_name, seq_in_index`,
      [table],
    )
    const primaryKey = stats.filter((s) => s.idx === 'PRIMARY').map((s) => String(s.col))
    const indexes = stats
      .filter((s) => Number(s.seq) === 1)
      .map((s) => ({ name: String(s.idx), first: s.col == null ? null : String(s.col) }))
    out.push({ name: table, primaryKey, indexes })
  }
  return out
}

function catalog(db: TestDatabase): Promise<CatalogTable[]> {
  if (db.dialect === 'sqlite') return sqliteCatalog(db)
  if (db.dialect === 'postgres') return postgresCatalog(db)
  return mysqlCatalog(db)
}

/**
 * A Postgres GIN key expression `{ <tenant_id>: column }`: every index key it yields hashes the
 * tenant id with the value, so it is as tenant-scoped as an index leading with tenant_id.
 */
const TENANT_KEYED = /^jsonb_set\('\{\}'::jsonb, ARRAY\[tenant_id::text\], [a-z_]+\)$/

/** Every violation of the tenant-leading rules, as readable strings (empty: all good). */
function violations(tables: readonly CatalogTable[]): string[] {
  const problems: string[] = []
  for (const t of tables) {
    if (BOOKKEEPING.has(t.name)) continue
    if (t.primaryKey[0] !== 'tenant_id')
      problems.push(`${t.name}: primary key (${t.primaryKey.join(', ')}) does not start with tenant_id`)
    for (const i of t.indexes) {
      if (i.first !== 'tenant_id' && !TENANT_KEYED.test(i.first ?? ''))
        problems.push(`${t.name}: index ${i.name} leads with ${i.first ?? 'an expression'}`)
    }
  }
  return problems
}

describe.each(dialects)('%s schema', (dialect) => {
  const fixture = useMigratedDatabase(dialect)

  it('creates every core table and link table', async () => {
    const names = new Set((await catalog(fixture().db)).map((t) => t.name))
    for (const def of tableList) expect(names).toContain(sqlTableName(def.name))
    for (const link of Object.values(links)) expect(names).toContain(sqlLinkTable(link.name).table)
  })

  it('leads every primary key and every index with tenant_id', async () => {
    const tables = await catalog(fixture().db)
    expect(tables.filter((t) => !BOOKKEEPING.has(t.name)).length).toBe(tableList.length + Object.keys(links).length)
    expect(violations(tables)).toEqual([])
    expect(tables.find((t) => t.name === 'crm_contacts')?.primaryKey).toEqual(['tenant_id', 'id'])
    expect(tables.find((t) => t.name === 'crm_contact_companies')?.primaryKey).toEqual([
      'tenant_id',
      'contact_id',
      'company_id',
    ])
  })

  it('the inspection catches an index that does not lead with tenant_id', async () => {
    const { db } = fixture()
    await db.execute(`create index bad_idx on ${db.quote('crm_contacts')} (${db.quote('email')})`, [])
    try {
      expect(violations(await catalog(db))).toEqual(['crm_contacts: index bad_idx leads with email'])
    } finally {
      await db.execute(dialect === 'mysql' ? 'drop index bad_idx on crm_contacts' : 'drop index bad_idx', [])
    }
  })

  it('gives text columns a binary, no-pad collation', async () => {
    const { db } = fixture()
    if (dialect === 'postgres') {
      const rows = await db.execute(
        `select column_name as c, collation_name as k from information_schema.columns where table_name = 'crm_contacts' and data_type in ('character varying', 'text')`,
        [],
      )
      expect(rows.length).toBeGreaterThan(5)
      for (const row of rows) expect(row.k, String(row.c)).toBe('C')
    } else if (dialect === 'mysql') {
      const rows = await db.execute(
        `select column_name as c, collation_name as k from information_schema.columns where table_schema = database() and table_name = 'crm_contacts' and data_type = 'varchar'`,
        [],
      )
      expect(rows.length).toBeGreaterThan(5)
      for (const row of rows) expect(['utf8mb4_nopad_bin', 'utf8mb4_0900_bin'], String(row.c)).toContain(row.k)
    } else {
      const [row] = await db.execute(`select 'a' < 'B' as lt, 'a' = 'a ' as padded`, [])
      expect(row).toEqual({ lt: 0, padded: 0 })
    }
  })

  it('migrate() is idempotent and records its migration once', async () => {
    const { db, storage } = fixture()
    await storage.migrate()
    await storage.migrate()
    const rows = await db.execute(`select name from ${db.quote(MIGRATION_TABLE)}`, [])
    expect(rows.map((r) => String(r.name)).sort()).toEqual(allMigrations)
  })
})

describe.each(dialects)('%s concurrent migrate', (dialect) => {
  it('two processes migrating a fresh database at once both succeed', async () => {
    const db = await createTestDatabase(dialect)
    const a = db.storage()
    const b = db.storage()
    try {
      await Promise.all([a.migrate(), b.migrate()])
      const rows = await db.execute(`select name from ${db.quote(MIGRATION_TABLE)}`, [])
      expect(rows.map((r) => String(r.name)).sort()).toEqual(allMigrations)
      expect(violations(await catalog(db))).toEqual([])
    } finally {
      await a.close()
      await b.close()
      await db.drop()
    }
  })
})
