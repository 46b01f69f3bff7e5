/**
 * Driver errors -> crmkit errors. Unique/primary-key violations become `ConflictError`
 * (each dialect knows its driver's code; the key is found by its index name, which every
 * driver quotes in some form), anything else unclassified becomes `StorageError` with the
 * driver error as `cause`. crmkit's own errors pass through.
 */
import type { StorageRow, TableDefinition } from '@crmkit/core/storage'
import { CrmError, OverflowError, StorageError, uniqueViolation } from '@crmkit/core/storage'
import type { SqlDialect } from './dialect.js'
import { snakeCase, sqlIndexName, sqlTableName } from './names.js'

/** The table and rows a write was about to store, to name the key a conflict broke. */
export interface WriteTarget {
  readonly def: TableDefinition
  readonly rows: readonly StorageRow[]
}

/** Everything the driver said about an error, as one searchable text. */
function errorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error)
  const { message, constraint, detail } = error as { message?: unknown; constraint?: unknown; detail?: unknown }
  return [message, constraint, detail].filter((part) => typeof part === 'string').join(' ')
}

/**
 * The unique key a violation broke: the `uniqueActive` key whose index the driver names
 * (Postgres and MySQL quote the index name; SQLite lists `table.column`s), else the primary key.
 */
function violatedKey(def: TableDefinition, error: unknown): readonly string[] {
  const text = errorText(error)
  const table = sqlTableName(def.name)
  for (const columns of def.uniqueActive) {
    const sqlColumns = ['tenant_id', ...columns.map(snakeCase)]
    if (text.includes(sqlIndexName(table, sqlColumns.slice(1), 'uniq'))) return columns
    if (sqlColumns.every((column) => text.includes(`${table}.${column}`))) return columns
  }
  return ['id']
}

/** The crmkit error for a failure of `operation` (e.g. `insert into contacts`). */
export function toCrmError(dialect: SqlDialect, operation: string, error: unknown, target?: WriteTarget): CrmError {
  if (error instanceof CrmError) return error
  if (dialect.isUniqueViolation(error)) {
    // Every write that can break a unique key passes its target (link writes ignore duplicates).
    if (target === undefined)
      return new StorageError(`${dialect.name}: ${operation}: unique key violation`, { cause: error })
    const row = target.rows.length === 1 ? target.rows[0] : undefined
    return uniqueViolation({ table: target.def.name, columns: violatedKey(target.def, error), row, cause: error })
  }
  if (dialect.isIntegerOverflow?.(error)) {
    return new OverflowError(`${operation}: a sum exceeds the database's integer range and cannot be exact`, {
      cause: error,
    })
  }
  const detail = error instanceof Error ? error.message : String(error)
  return new StorageError(`${dialect.name}: ${operation} failed: ${detail}`, { cause: error })
}

/** Run `work`, translating any driver error it throws. */
export async function guard<T>(
  dialect: SqlDialect,
  operation: string,
  work: () => Promise<T>,
  target?: WriteTarget,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw toCrmError(dialect, operation, error, target)
  }
}
