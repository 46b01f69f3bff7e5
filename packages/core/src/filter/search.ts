/**
 * Free-text search of list calls (`list({ search: 'ada love' })`): every word must occur,
 * ignoring ASCII case, as a substring of at least one of the table's search fields (a
 * contact's first name, last name or email; a company's name or domain; a deal's or task's
 * title). It resolves into an ordinary filter of `containsi` conditions, so every adapter
 * runs it exactly like a `where` and it composes with one (both must hold).
 *
 * Cost: a substring test cannot use a B-tree index, so a search reads every live row of the
 * tenant in the table (the `tenant_id` prefix of the primary key narrows it to the tenant).
 * There is no full-text index and no ranking; results come in the list's sort order.
 */
import { ValidationError } from '../errors.js'
import type { TableName } from '../storage/tables.js'
import type { ResolvedFilter } from './types.js'
import { checkString } from './values.js'

/** The string columns a search looks in, per table. Tables not listed cannot be searched. */
export const searchFields: Readonly<Partial<Record<TableName, readonly string[]>>> = {
  contacts: ['firstName', 'lastName', 'email'],
  companies: ['name', 'domain'],
  deals: ['title'],
  tasks: ['title'],
}

/** Limits of a search text. */
export const searchLimits = {
  /** Characters (UTF-16 code units) of the whole search text. */
  maxLength: 200,
  /** Words (separated by whitespace), each a substring test on every search field. */
  maxWords: 10,
} as const

function invalid(message: string): never {
  throw new ValidationError(`Invalid search: ${message}`, [{ path: [], message, code: 'custom' }])
}

/**
 * Resolve a search text on `table` into a filter: for each whitespace-separated word, any
 * search field `containsi` it. An empty or all-whitespace text searches for nothing
 * (`undefined`: no condition).
 *
 * @throws ValidationError (path `[]`) for a non-string, a text longer than
 *   {@link searchLimits}, too many words, a table without search fields, or a string
 *   databases cannot store (U+0000, lone surrogates).
 */
export function resolveSearch(table: TableName, text: unknown): ResolvedFilter | undefined {
  if (typeof text !== 'string') return invalid('search must be a string')
  if (text.length > searchLimits.maxLength) invalid(`search takes at most ${searchLimits.maxLength} characters`)
  const problem = checkString(text)
  if (problem !== undefined) invalid(problem)
  const fields = searchFields[table]
  if (fields === undefined) return invalid(`${table} cannot be searched`)
  const words = text.split(/\s+/).filter((word) => word !== '')
  if (words.length === 0) return undefined
  if (words.length > searchLimits.maxWords) invalid(`search takes at most ${searchLimits.maxWords} words`)
  return {
    kind: 'all',
    nodes: words.map((word) => ({
      kind: 'any',
      nodes: fields.map((column) => ({
        kind: 'condition',
        target: { source: 'column', column, type: 'string' },
        op: 'containsi',
        value: word,
      })),
    })),
  }
}
