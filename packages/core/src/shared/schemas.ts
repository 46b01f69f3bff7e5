/**
 * zod/mini building blocks shared by the domain schemas, so that every entity normalises
 * the same kinds of values the same way (timestamps, dates, tags, ids, money).
 */
import * as z from 'zod/mini'
import { isStorableDate } from '../clock.js'
import type { CustomFieldsInput } from './custom-values.js'
import { jsonBoundsProblem, storableText } from './storable.js'

/** `T | null | undefined`: an optional field the caller may also clear with `null`. */
export const nullish = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema))

/** A required single-line text, trimmed, 1..max characters (a company's name, a deal's title). */
export const name = (max = 255) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(max, { abort: true }), storableText())

/**
 * An optional single-line text, trimmed, up to `max` characters. An empty string is kept
 * as a value (it is not NULL; filters tell them apart); clear a field with `null`.
 */
export const text = (max = 255) => z.string().check(z.trim(), z.maxLength(max, { abort: true }), storableText())

/** Free text up to `max` characters, kept as written (bodies, notes). */
export const longText = (max = 100_000) => z.string().check(z.maxLength(max, { abort: true }), storableText())

/** An id of another record (our ids are UUIDv7, but a host may inject its own generator). */
export const idRef = z.string().check(z.minLength(1), z.maxLength(36))

/** An opaque id supplied by the host (owner, assignee, actor): 1..128 characters. */
export const hostId = z.string().check(z.minLength(1), z.maxLength(128, { abort: true }), storableText())

// zod's own email pattern, copied: reading `z.regexes.email` would keep every zod regex in
// browser bundles (a namespace object cannot be tree-shaken).
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/** Email: trimmed and lowercased before it is checked, so lookups and uniqueness ignore case. */
export const email = z
  .string()
  // The length check aborts: the pattern is not run over a megabyte of input.
  .check(
    z.trim(),
    z.toLowerCase(),
    z.maxLength(320, { abort: true }),
    z.regex(EMAIL, { error: 'Expected an email address' }),
  )

const timestampMessage = 'Expected a Date or an ISO-8601 date-time with offset, e.g. 2026-01-31T09:30:00Z'

/** An instant, given as a `Date` or an ISO-8601 string with offset; output in storage form. */
export const timestamp = z.pipe(
  z.union([z.date(), z.iso.datetime({ offset: true })], { error: timestampMessage }),
  z.pipe(
    z.transform((value: Date | string) => (typeof value === 'string' ? new Date(value) : value)),
    z.pipe(
      z.date().check(z.refine(isStorableDate, { error: 'Date out of range (years 0000-9999)' })),
      z.transform((d: Date) => d.toISOString()),
    ),
  ),
)

/** A calendar date, given as `YYYY-MM-DD` or a `Date` (its UTC date); output `YYYY-MM-DD`. */
export const calendarDate = z.union(
  [
    z.iso.date(),
    z.pipe(
      z.date().check(z.refine(isStorableDate, { error: 'Date out of range (years 0000-9999)' })),
      z.transform((d: Date) => d.toISOString().slice(0, 10)),
    ),
  ],
  { error: 'Expected a calendar date YYYY-MM-DD or a Date' },
)

/** Tags: trimmed, non-empty, at most 100, duplicates removed (first occurrence kept). */
export const tags = z.array(name(64)).check(
  z.maxLength(100),
  z.overwrite((list: string[]) => (new Set(list).size === list.length ? list : [...new Set(list)])),
)

/** A set of ids (links such as `companyIds`): duplicates removed, first occurrence kept. */
export const idSet = z.array(idRef).check(
  z.maxLength(1000),
  z.overwrite((list: string[]) => (new Set(list).size === list.length ? list : [...new Set(list)])),
)

/**
 * ISO 4217 currency code; lowercase input is accepted and uppercased. The pattern is checked
 * before uppercasing: `'ßa'.toUpperCase()` is `'SSA'`, which must not pass as a currency.
 */
export const currency = z
  .string()
  .check(
    z.trim(),
    z.regex(/^[A-Za-z]{3}$/, { error: 'Expected an ISO 4217 currency code such as EUR' }),
    z.toUpperCase(),
  )

/** Custom field values as given; the object and each value are checked against the definitions separately (see custom-fields/validate.ts). */
export const customInput = z.custom<CustomFieldsInput>()

/**
 * Free-form JSON object (activity metadata), bounded in depth and length (see `shared/storable.ts`).
 * The bounds are checked first, iteratively: the recursive JSON schema after them never sees a
 * value deep enough to overflow the stack.
 */
export const jsonObject = z.pipe(
  z.unknown().check(
    z.superRefine((value, context) => {
      const problem = jsonBoundsProblem(value)
      if (problem !== undefined) {
        context.issues.push({ code: 'custom', message: problem.message, path: problem.path, input: value })
      }
    }),
  ),
  z.record(z.string(), z.json()),
)

/** `expectedVersion` of an update: a positive integer. */
export const writeOptions = z.strictObject({ expectedVersion: z.optional(z.int().check(z.gte(1))) })

/** Options of a versioned write. */
export type WriteOptions = z.input<typeof writeOptions>
