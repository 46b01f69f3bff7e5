/**
 * Readers that turn storage rows (loosely typed, see `StorageRow`) into typed record
 * fields. Adapters are conformance-tested, so these only narrow types; the lenient number
 * parsing covers drivers that return integers as strings.
 */
import type { JsonValue, StorageRow, StorageValue } from '../storage/port.js'

/** A required string column. */
export function str(row: StorageRow, key: string): string {
  const value = row[key]
  return typeof value === 'string' ? value : String(value ?? '')
}

/** A nullable string column. */
export function strOrNull(row: StorageRow, key: string): string | null {
  const value = row[key]
  return value === null || value === undefined ? null : typeof value === 'string' ? value : String(value)
}

function toNumber(value: StorageValue | undefined): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

/** A required numeric column. */
export function num(row: StorageRow, key: string): number {
  return toNumber(row[key]) ?? 0
}

/** A nullable numeric column. */
export function numOrNull(row: StorageRow, key: string): number | null {
  return toNumber(row[key])
}

/** A string-array column or hydrated link field (missing -> empty). */
export function strings(row: StorageRow, key: string): string[] {
  const value = row[key]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** A JSON object column (missing -> empty object). */
export function json(row: StorageRow, key: string): Record<string, JsonValue> {
  const value = row[key]
  // Object.assign, not spread: spread is several times slower on Node 20 in hot paths (imports).
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.assign({}, value as Record<string, JsonValue>)
    : {}
}

/** The columns every versioned, soft-deletable record carries. */
export interface RecordBase {
  /** UUIDv7, time-sortable. */
  readonly id: string
  /** The tenant the record belongs to. */
  readonly tenantId: string
  /** Starts at 1, incremented by every write; pass it back as `expectedVersion`. */
  readonly version: number
  /** ISO-8601 UTC, e.g. `2026-11-25T11:35:30.123Z`. */
  readonly createdAt: string
  /** ISO-8601 UTC of the last write. */
  readonly updatedAt: string
  /** When it was soft-deleted; always `null` on records returned by reads. */
  readonly deletedAt: string | null
}

/** Read the base columns. */
export function base(row: StorageRow): RecordBase {
  return {
    id: str(row, 'id'),
    tenantId: str(row, 'tenantId'),
    version: num(row, 'version'),
    createdAt: str(row, 'createdAt'),
    updatedAt: str(row, 'updatedAt'),
    deletedAt: strOrNull(row, 'deletedAt'),
  }
}

/** Sorted copy of a list of ids, the order in which link fields are hydrated. */
export function sortedIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort()
}
