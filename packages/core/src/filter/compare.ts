/**
 * Value ordering shared by the filter evaluator, in-memory sorting and keyset cursors.
 *
 * Strings are ordered by Unicode code point, which is the order of their UTF-8 bytes: the
 * order SQLite's BINARY collation, Postgres' `COLLATE "C"` and MySQL's binary collations
 * use. JavaScript's `<` compares UTF-16 code units instead, which puts astral characters
 * (emoji, U+10000 and above, stored as surrogate pairs 0xD800–0xDFFF) *before* characters
 * such as U+E000–U+FFFF. {@link compareCodePoints} corrects exactly that case.
 */
import type { StorageValue } from '../storage/port.js'

/**
 * Map a UTF-16 code unit so that numeric order of the mapped units is code point order:
 * surrogates (0xD800–0xDFFF) move above 0xFFFF-range BMP units (0xE000–0xFFFF move down).
 * Lone surrogates sort as if they were their own code point, which keeps the order total.
 */
function fixup(unit: number): number {
  if (unit < 0xd800) return unit
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000
}

/**
 * Compare two strings by Unicode code point (binary / UTF-8 byte order).
 *
 * @returns a negative number if `a` sorts first, positive if `b` does, `0` if equal.
 * @example compareCodePoints('\uFFFF', '😀') < 0 // true, although '\uFFFF' < '😀' is false in JS
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return fixup(x) < fixup(y) ? -1 : 1
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0
}

/**
 * Compare two non-null scalar storage values: numbers numerically, strings by code point
 * (timestamps and dates are fixed-width ISO strings, so this is also time order).
 * A number sorts before a string; columns never mix the two, this only keeps the order total.
 *
 * @throws TypeError for arrays and objects, which have no order.
 */
export function compareScalars(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b)
  return typeof a === 'number' ? -1 : 1
}

/**
 * Compare two storage values for ascending order with NULLs (and missing values) last.
 * This is the order of `ORDER BY col IS NULL, col` with a binary collation.
 *
 * @throws TypeError for arrays and objects, which have no order.
 */
export function compareStorageValues(a: StorageValue | undefined, b: StorageValue | undefined): number {
  const x = a ?? null
  const y = b ?? null
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
  if ((typeof x !== 'string' && typeof x !== 'number') || (typeof y !== 'string' && typeof y !== 'number')) {
    throw new TypeError('compareStorageValues: arrays and objects have no order')
  }
  return compareScalars(x, y)
}
