/**
 * What every adapter can store faithfully, checked in core before any driver sees a value, so the
 * same input gets the same answer on memory, SQLite, PostgreSQL and MySQL:
 * - Text without NUL (PostgreSQL's text type rejects U+0000) and without unpaired UTF-16
 *   surrogates (not encodable as UTF-8: PostgreSQL and MySQL reject them, SQLite stores U+FFFD).
 * - JSON (activity metadata) at most {@link MAX_JSON_DEPTH} levels deep and
 *   {@link MAX_JSON_LENGTH} characters long: MariaDB refuses JSON nested deeper than 32 levels,
 *   and the outbox wraps the value two levels down; deeper input would also overflow the stack of
 *   recursive validators and serialisers.
 */
import * as z from 'zod/mini'

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point of this pattern.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The message of a text that cannot be stored. */
export const UNSTORABLE_TEXT_MESSAGE = 'Text must not contain NUL characters or unpaired UTF-16 surrogates'

/** Whether every adapter stores `text` exactly as given. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text)
}

/** A zod/mini check refusing text that some adapter could not store exactly. */
export const storableText = () => z.refine<string>(isStorableText, { error: UNSTORABLE_TEXT_MESSAGE })

/** Deepest nesting of a JSON value (activity metadata): `{ a: { b: 1 } }` is 2 levels. */
export const MAX_JSON_DEPTH = 16

/** Longest JSON value (activity metadata), in characters of its JSON text. */
export const MAX_JSON_LENGTH = 65_536

/** A problem found by {@link jsonBoundsProblem}, at a path inside the value. */
export interface JsonBoundsProblem {
  readonly path: (string | number)[]
  readonly message: string
}

/**
 * Why `value` is not a bounded JSON value, or `undefined` when it is. The walk is iterative (no
 * recursion), so a value nested 100,000 levels deep is refused rather than overflowing the stack,
 * and it stops as soon as a lower bound of the JSON length passes the limit, so a million-element
 * array costs little.
 */
export function jsonBoundsProblem(value: unknown): JsonBoundsProblem | undefined {
  const tooLong = `Must be at most ${MAX_JSON_LENGTH} characters as JSON`
  const tooDeep = `Must be nested at most ${MAX_JSON_DEPTH} levels deep`
  const stack: { readonly value: unknown; readonly path: (string | number)[] }[] = [{ value, path: [] }]
  let atLeast = 0
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: current, path } = item
    if (typeof current === 'string') {
      if (!isStorableText(current)) return { path, message: UNSTORABLE_TEXT_MESSAGE }
      atLeast += current.length + 2
    } else if (Array.isArray(current)) {
      if (path.length >= MAX_JSON_DEPTH) return { path, message: tooDeep }
      atLeast += 1 + current.length
      for (const [i, child] of current.entries()) stack.push({ value: child, path: [...path, i] })
    } else if (typeof current === 'object' && current !== null) {
      if (path.length >= MAX_JSON_DEPTH) return { path, message: tooDeep }
      atLeast += 1
      for (const [key, child] of Object.entries(current)) {
        if (!isStorableText(key)) return { path: [...path, key], message: UNSTORABLE_TEXT_MESSAGE }
        atLeast += key.length + 4
        stack.push({ value: child, path: [...path, key] })
      }
    } else if (typeof current === 'bigint' || typeof current === 'function' || typeof current === 'symbol') {
      return { path, message: 'Expected a JSON value' }
    } else {
      atLeast += 1
    }
    if (atLeast > MAX_JSON_LENGTH) return { path: [], message: tooLong }
  }
  // Depth is bounded now, so serialising cannot overflow; this is the exact length.
  const json = JSON.stringify(value) as string | undefined
  return json !== undefined && json.length > MAX_JSON_LENGTH ? { path: [], message: tooLong } : undefined
}
