/**
 * The error a storage adapter throws when a write breaks a unique key, built in one place so
 * that it has the same fields and wording on every adapter.
 */
import { ConflictError } from '../errors.js'
import type { StorageRow } from './port.js'
import type { TableName } from './tables.js'

/** What an adapter knows about a unique-key violation. */
export interface UniqueViolation {
  /** The table written. */
  readonly table: TableName
  /** The key's columns: `['id']` for the primary key, or one of the table's `uniqueActive` keys. */
  readonly columns: readonly string[]
  /** The row (or patch) that collided, when the adapter can tell; its values for the key are reported. */
  readonly row?: StorageRow | undefined
  /** The id of the live row that holds the key, when the adapter can tell. */
  readonly holderId?: string | undefined
  /** The driver's error. */
  readonly cause?: unknown
}

/**
 * A `unique` {@link ConflictError} for a write to `table` that broke the key `columns`. The
 * entity is the table name; several columns are reported as one key joined by `+`, with an
 * array value.
 */
export function uniqueViolation({ table, columns, row, holderId, cause }: UniqueViolation): ConflictError {
  const values = row === undefined ? undefined : columns.map((column) => row[column])
  const known = values !== undefined && !values.includes(undefined)
  return new ConflictError(
    {
      kind: 'unique',
      entity: table,
      key: columns.join('+'),
      ...(known ? { value: values.length === 1 ? values[0] : values } : {}),
      ...(holderId === undefined ? {} : { id: holderId }),
    },
    cause === undefined ? undefined : { cause },
  )
}
