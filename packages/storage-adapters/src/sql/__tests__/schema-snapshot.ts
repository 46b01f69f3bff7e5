/**
 * Reads the schema a migration left in a live database, straight from the catalog (no
 * Kysely, no adapter code), in a stable, diff-friendly form that is committed as a snapshot:
 * per table, its columns in ordinal order (type, nullability, default, generated
 * expression) and its indexes by name (columns in key order, uniqueness, partial predicate).
 */
import type { TestDatabase } from '../../testing/databases.js'
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../names.js'

/** The schema of one database: table name -> its columns and indexes, one readable line each. */
export interface SchemaSnapshot {
  readonly [table: string]: { readonly columns: readonly string[]; readonly indexes: readonly string[] }
}

/** Kysely's bookkeeping of applied migrations: not part of crmkit's schema. */
const BOOKKEEPING = new Set([MIGRATION_TABLE, MIGRATION_LOCK_TABLE])

const str = (value: unknown): string | null => (value == null ? null : String(value))

function column(name: unknown, type: string, nullable: boolean, fallback: string | null, extra = ''): string {
  const parts = [String(name), type, nullable ? 'null' : 'not null']
  if (fallback !== null) parts.push(`default ${fallback}`)
  if (extra) parts.push(extra)
  return parts.join(' ')
}

function index(name: unknown, columns: readonly string[], unique: boolean, predicate: string | null): string {
  return `${String(name)}: ${unique ? 'unique ' : ''}(${columns.join(', ')})${predicate ? ` where ${predicate}` : ''}`
}

async function sqliteSnapshot(db: TestDatabase): Promise<SchemaSnapshot> {
  const out: Record<string, { columns: string[]; indexes: string[] }> = {}
  const tables = await db.execute(
    `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
    [],
  )
  for (const { name } of tables) {
    const table = String(name)
    if (BOOKKEEPING.has(table)) continue
    const columns = await db.execute(
      `select name, type, "notnull" as nn, dflt_value as dflt, pk from pragma_table_xinfo(?) order by cid`,
      [table],
    )
    const indexes = await db.execute(`select name, "unique" as uniq from pragma_index_list(?) order by name`, [table])
    const indexLines: string[] = []
    for (const idx of indexes) {
      const cols = await db.execute(`select name from pragma_index_info(?) order by seqno`, [String(idx.name)])
      const [definition] = await db.execute(`select sql from sqlite_master where type = 'index' and name = ?`, [
        String(idx.name),
      ])
      // Automatic (primary-key) indexes have no SQL; a partial index's predicate follows WHERE.
      const predicate =
        str(definition?.sql)
          ?.match(/\swhere\s(.+)$/is)?.[1]
          ?.trim() ?? null
      indexLines.push(
        index(
          idx.name,
          cols.map((c) => String(c.name)),
          Number(idx.uniq) === 1,
          predicate,
        ),
      )
    }
    out[table] = {
      columns: columns.map((c) =>
        column(
          c.name,
          String(c.type),
          Number(c.nn) === 0 && Number(c.pk) === 0,
          str(c.dflt),
          Number(c.pk) > 0 ? `pk${c.pk}` : '',
        ),
      ),
      indexes: indexLines,
    }
  }
  return out
}

async function postgresSnapshot(db: TestDatabase): Promise<SchemaSnapshot> {
  const out: Record<string, { columns: string[]; indexes: string[] }> = {}
  const tables = await db.execute(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    [],
  )
  for (const { name } of tables) {
    const table = String(name)
    if (BOOKKEEPING.has(table)) continue
    const columns = await db.execute(
      `select column_name as name, data_type as type, character_maximum_length as len, collation_name as coll,
              is_nullable as nullable, column_default as dflt, generation_expression as gen
       from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
      [table],
    )
    const indexes = await db.execute(
      `select i.relname as name, x.indisunique as uniq, pg_get_expr(x.indpred, x.indrelid) as predicate,
              (select string_agg(coalesce(a.attname, '(expression)'), ',' order by k.n)
                 from unnest(x.indkey) with ordinality as k(attnum, n)
                 left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum) as cols
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = 'public' and t.relname = $1 order by i.relname`,
      [table],
    )
    out[table] = {
      columns: columns.map((c) => {
        const type = `${String(c.type)}${c.len == null ? '' : `(${c.len})`}${c.coll == null ? '' : ` collate ${c.coll}`}`
        return column(c.name, type, c.nullable === 'YES', str(c.dflt), c.gen == null ? '' : `generated ${c.gen}`)
      }),
      indexes: indexes.map((i) => index(i.name, String(i.cols).split(','), i.uniq === true, str(i.predicate))),
    }
  }
  return out
}

async function mysqlSnapshot(db: TestDatabase): Promise<SchemaSnapshot> {
  const out: Record<string, { columns: string[]; indexes: string[] }> = {}
  const tables = await db.execute(
    `select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' order by table_name`,
    [],
  )
  for (const { name } of tables) {
    const table = String(name)
    if (BOOKKEEPING.has(table)) continue
    const columns = await db.execute(
      `select column_name as name, column_type as type, collation_name as coll, is_nullable as nullable,
              column_default as dflt, extra, generation_expression as gen
       from information_schema.columns where table_schema = database() and table_name = ? order by ordinal_position`,
      [table],
    )
    const stats = await db.execute(
      `select index_name as name, non_unique as nonu, column_name as col from information_schema.statistics
       where table_schema = database() and table_name = ? order by index_name, seq_in_index`,
      [table],
    )
    const byIndex = new Map<string, { unique: boolean; columns: string[] }>()
    for (const s of stats) {
      const entry = byIndex.get(String(s.name)) ?? { unique: Number(s.nonu) === 0, columns: [] }
      entry.columns.push(String(s.col))
      byIndex.set(String(s.name), entry)
    }
    out[table] = {
      columns: columns.map((c) => {
        const type = `${String(c.type)}${c.coll == null ? '' : ` collate ${c.coll}`}`
        // MariaDB reports the default of a nullable column without one as the string 'NULL'.
        const fallback = c.dflt == null || c.dflt === 'NULL' ? null : String(c.dflt)
        const extra = [str(c.extra) ?? '', c.gen ? `as (${c.gen})` : ''].filter(Boolean).join(' ')
        return column(c.name, type, c.nullable === 'YES', fallback, extra)
      }),
      indexes: [...byIndex].map(([n, i]) => index(n, i.columns, i.unique, null)),
    }
  }
  return out
}

/** The schema of `db` as the catalog reports it. */
export function readSchemaSnapshot(db: TestDatabase): Promise<SchemaSnapshot> {
  if (db.dialect === 'sqlite') return sqliteSnapshot(db)
  if (db.dialect === 'postgres') return postgresSnapshot(db)
  return mysqlSnapshot(db)
}
