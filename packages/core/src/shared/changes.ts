/**
 * What a write really changes. An update whose values equal the stored ones is a no-op: it
 * keeps the version and `updatedAt` and emits no event, and `changes` in `*.updated` events
 * lists only the fields whose value differs. Every update (single, `updateMany`, import,
 * custom-field definitions) decides this with the helpers below.
 */
import type { StorageRow, StorageValue } from '../storage/port.js'

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Semantic equality of stored values: `null` and absent are equal; arrays are equal in
 * order (tags keep the order given); objects (custom values, metadata) key by key, in any key
 * order (a JSON column may come back with its keys reordered); a number equals its decimal
 * string (some drivers return integers as strings).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null)
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a
  if (typeof a === 'string' && typeof b === 'number') return sameValue(b, a)
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const key of keys) if (!sameValue(a[key], b[key])) return false
    return true
  }
  return false
}

/** Whether two id lists hold the same ids, in any order (link fields such as `companyIds`). */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a)
  return set.size === new Set(b).size && b.every((id) => set.has(id))
}

/**
 * The entries of `patch` whose value differs from the stored row `current` (a missing column
 * counts as NULL). Write these and nothing else; `Object.keys` of the result names the changes.
 */
export function changedColumns(
  current: StorageRow,
  patch: Readonly<Record<string, StorageValue>>,
): Record<string, StorageValue> {
  const changed: Record<string, StorageValue> = {}
  for (const [column, value] of Object.entries(patch)) {
    if (!sameValue(current[column], value)) changed[column] = value
  }
  return changed
}
