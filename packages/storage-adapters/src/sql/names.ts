/**
 * How core's table definitions map to SQL identifiers. Every identifier the SQL adapters
 * emit comes from here, derived from `tables`/`links` in core — never from caller input —
 * so the names are fixed, documented, and safe to quote.
 */

import type { LinkTableName, TableDefinition, TableName } from '@crmkit/core/storage'
import { links, tables } from '@crmkit/core/storage'

/**
 * Every crmkit table is prefixed so it can live in the host application's own database
 * without colliding with the host's `contacts`, `events` or `tasks` tables.
 */
export const SQL_TABLE_PREFIX = 'crm_'

/** Kysely's migration bookkeeping tables; own names so a host's Kysely migrations never mix with ours. */
export const MIGRATION_TABLE = 'crm_migration'
/** Lock-row table Kysely's migrator creates next to {@link MIGRATION_TABLE}. */
export const MIGRATION_LOCK_TABLE = 'crm_migration_lock'

/**
 * MySQL/MariaDB only: stored generated column that is 1 for live rows and NULL for deleted
 * ones; `uniqueActive` keys are unique indexes that end with it (NULLs never collide).
 */
export const LIVE_MARKER_COLUMN = 'live_marker'

/** `camelCase` -> `snake_case` (`amountValue` -> `amount_value`). */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** SQL table name of a core table (`dealTransitions` -> `crm_deal_transitions`). */
export function sqlTableName(table: TableName | LinkTableName): string {
  return SQL_TABLE_PREFIX + snakeCase(table)
}

/** The table definition, or a thrown error for a name core does not define. */
export function tableDefinition(table: TableName): TableDefinition {
  const def: TableDefinition | undefined = (tables as Readonly<Record<string, TableDefinition>>)[table]
  if (!def) throw new TypeError(`unknown table ${String(table)}`)
  return def
}

/** SQL shape of a link table: its name and its left/right id columns (snake_case). */
export interface SqlLinkTable {
  readonly table: string
  readonly left: string
  readonly right: string
}

/** SQL names of a link table (`contactCompanies` -> `crm_contact_companies(contact_id, company_id)`). */
export function sqlLinkTable(link: LinkTableName): SqlLinkTable {
  const def = links[link]
  if (!def) throw new TypeError(`unknown link table ${String(link)}`)
  return { table: sqlTableName(link), left: snakeCase(def.left.column), right: snakeCase(def.right.column) }
}

/**
 * Name of an index: the table plus its columns. Postgres truncates identifiers at 63 bytes
 * and MySQL rejects more than 64, so long names are shortened with a stable hash suffix.
 */
export function sqlIndexName(table: string, columns: readonly string[], suffix: 'idx' | 'uniq'): string {
  const full = `${table}_${columns.join('_')}_${suffix}`
  if (full.length <= 63) return full
  let hash = 0
  for (const ch of full) hash = (Math.imul(hash, 31) + (ch.codePointAt(0) ?? 0)) >>> 0
  return `${full.slice(0, 54)}_${hash.toString(36).padStart(8, '0').slice(0, 8)}`
}
