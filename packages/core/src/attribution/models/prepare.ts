import type { ValidationIssue } from '../../errors.js'
import { ValidationError } from '../../errors.js'
import type { AggregatedPath } from './schemas.js'
import { aggregatedPathSchema } from './schemas.js'
import { toIssues } from './validation.js'

/** Only {@link preparePaths} may build a {@link PreparedPaths}: its arrays are trusted unchecked. */
const token: unique symbol = Symbol('PreparedPaths')

/** How many invalid rows are reported in one ValidationError before the rest are only counted. */
const MAX_REPORTED_ROWS = 20

/**
 * Aggregated paths validated once and laid out for the models: channel names interned to
 * integers (`channels[id]`), every path's touches in one `Int32Array` (`touches`, path `i`
 * spanning `offsets[i]` to `offsets[i + 1]`) and the counts in `Float64Array`s.
 *
 * Build it with {@link preparePaths} and pass it to {@link attribute} in place of the raw
 * paths to run several models without re-validating and re-interning (and to time the
 * models alone in a benchmark).
 */
export class PreparedPaths {
  /** Channel names by id, in order of first appearance. */
  readonly channels: readonly string[]
  /** `offsets[i]..offsets[i + 1]` is the range of path `i` in {@link touches}; length = paths + 1. */
  readonly offsets: Int32Array
  /** Channel ids of all paths, concatenated. */
  readonly touches: Int32Array
  /** Converting journeys per path. */
  readonly conversions: Float64Array
  /** Conversion value per path (0 when absent). */
  readonly values: Float64Array
  /** Non-converting journeys per path (0 when absent). */
  readonly nulls: Float64Array
  /** Sum of {@link conversions}. */
  readonly totalConversions: number
  /** Sum of {@link values}. */
  readonly totalValue: number
  /** Sum of {@link nulls}. */
  readonly totalNulls: number

  /** @internal Use {@link preparePaths}. */
  constructor(
    key: typeof token,
    parts: {
      channels: readonly string[]
      offsets: Int32Array
      touches: Int32Array
      conversions: Float64Array
      values: Float64Array
      nulls: Float64Array
    },
  ) {
    if (key !== token) throw new TypeError('use preparePaths() to build PreparedPaths')
    this.channels = parts.channels
    this.offsets = parts.offsets
    this.touches = parts.touches
    this.conversions = parts.conversions
    this.values = parts.values
    this.nulls = parts.nulls
    let conv = 0
    let value = 0
    let nulls = 0
    for (let i = 0; i < parts.conversions.length; i++) {
      conv += parts.conversions[i] as number
      value += parts.values[i] as number
      nulls += parts.nulls[i] as number
    }
    this.totalConversions = conv
    this.totalValue = value
    this.totalNulls = nulls
  }

  /** Number of paths. */
  get size(): number {
    return this.conversions.length
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v !== Number.POSITIVE_INFINITY

/**
 * Validates aggregated paths and interns their channels (see {@link PreparedPaths}).
 *
 * Validation runs a hand-written check of exactly the rules of `aggregatedPathSchema` in the
 * same pass as interning, because running zod over a million rows would cost more than the
 * models themselves; rows that fail are then re-parsed with the schema so the
 * {@link ValidationError} carries zod's issues (path prefixed with the row index).
 *
 * @throws ValidationError when `paths` is not an array or any row is invalid.
 */
export function preparePaths(paths: readonly AggregatedPath[]): PreparedPaths {
  if (!Array.isArray(paths)) {
    throw new ValidationError('invalid paths', [{ path: [], message: 'paths must be an array', code: 'invalid_type' }])
  }
  const rows = paths as readonly unknown[]
  const count = rows.length
  const ids = new Map<string, number>()
  const channels: string[] = []
  const offsets = new Int32Array(count + 1)
  const conversions = new Float64Array(count)
  const values = new Float64Array(count)
  const nulls = new Float64Array(count)
  // Size the touch array exactly up front: growing (and trimming) a multi-megabyte typed
  // array costs more than this extra pass over the rows.
  let total = 0
  for (let i = 0; i < count; i++) {
    const path = (rows[i] as { path?: unknown } | null | undefined)?.path
    if (Array.isArray(path)) total += path.length
  }
  const touches = new Int32Array(total)
  let used = 0
  let lastName: unknown
  let lastId = -1
  const bad: number[] = []

  for (let i = 0; i < count; i++) {
    offsets[i] = used
    const row = rows[i]
    if (typeof row !== 'object' || row === null) {
      bad.push(i)
      continue
    }
    const { path, conversions: conv, value, nulls: nul } = row as Record<string, unknown>
    let keys = 0
    for (const _ in row) keys++
    let known = 2
    if ('value' in row) known++
    if ('nulls' in row) known++
    if (
      keys !== known ||
      !Array.isArray(path) ||
      path.length === 0 ||
      !isCount(conv) ||
      (value !== undefined && !isCount(value)) ||
      (nul !== undefined && !isCount(nul)) ||
      (conv === 0 && value !== undefined && value !== 0)
    ) {
      bad.push(i)
      continue
    }
    const len = path.length
    let ok = true
    for (let j = 0; j < len; j++) {
      const name: unknown = path[j]
      // Repeated touches of one channel are common: skip the Map for them.
      if (name === lastName) {
        touches[used + j] = lastId
        continue
      }
      if (typeof name !== 'string' || name.length === 0) {
        ok = false
        break
      }
      let id = ids.get(name)
      if (id === undefined) {
        id = channels.length
        ids.set(name, id)
        channels.push(name)
      }
      touches[used + j] = id
      lastName = name
      lastId = id
    }
    if (!ok) {
      bad.push(i)
      continue
    }
    used += len
    conversions[i] = conv
    values[i] = (value as number | undefined) ?? 0
    nulls[i] = (nul as number | undefined) ?? 0
  }
  offsets[count] = used

  if (bad.length > 0) throw rowsError(rows, bad)
  return new PreparedPaths(token, {
    channels,
    offsets,
    touches: used === total ? touches : touches.slice(0, used),
    conversions,
    values,
    nulls,
  })
}

function rowsError(rows: readonly unknown[], bad: readonly number[]): ValidationError {
  const issues: ValidationIssue[] = []
  for (const index of bad.slice(0, MAX_REPORTED_ROWS)) {
    const parsed = aggregatedPathSchema.safeParse(rows[index])
    if (parsed.success) {
      // Defensive: the fast check and the schema are meant to agree (a test holds them to it).
      issues.push({ path: [index], message: 'invalid path row', code: 'custom' })
    } else {
      issues.push(...toIssues(parsed.error.issues, [index]))
    }
  }
  const more = bad.length > MAX_REPORTED_ROWS ? ` (first ${MAX_REPORTED_ROWS} reported)` : ''
  return new ValidationError(`invalid paths: ${bad.length} of ${rows.length} rows${more}`, issues)
}
