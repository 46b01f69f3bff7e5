/**
 * Which columns a write would really change, so that a write whose values equal the stored
 * ones can leave the row (version, `updatedAt`) alone and emit nothing.
 */
import type { StorageRow, StorageValue } from '../storage/port.js'

/**
 * Whether two stored values are equal: JSON equality with object keys in any order (a JSON
 * column may come back with its keys reordered), and a number equal to its decimal string
 * (some drivers return integers as strings).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a === 'number' && typeof b === 'string') return b !== '' && a === Number(b)
  if (typeof a === 'string' && typeof b === 'number') return a !== '' && Number(a) === b
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const left = a as Record<string, unknown>
  const right = b as Record<string, unknown>
  const keys = Object.keys(left)
  return (
    keys.length === Object.keys(right).length &&
    keys.every((k) => Object.hasOwn(right, k) && sameValue(left[k], right[k]))
  )
}

/** The columns of `patch` whose value differs from the stored row (a missing column counts as NULL). */
export function changedColumns(current: StorageRow, patch: Readonly<Record<string, StorageValue>>): string[] {
  return Object.keys(patch).filter((column) => !sameValue(current[column] ?? null, patch[column]))
}

/** Whether two id lists hold the same ids, in any order (link fields). */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a)
  return set.size === new Set(b).size && b.every((id) => set.has(id))
}
