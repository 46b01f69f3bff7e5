/**
 * One way to validate inputs: run a zod/mini schema with `safeParse` and turn every issue
 * into a {@link ValidationIssue} of a {@link ValidationError}. zod/mini ships without
 * locale messages (every issue says "Invalid input"), so readable English messages are
 * derived here from the issue details; messages a schema sets itself are kept.
 */
import * as z from 'zod/mini'
import { ValidationError, type ValidationIssue } from '../errors.js'

/** A path into an input, as in a {@link ValidationIssue}. */
export type Path = readonly (string | number)[]

const GENERIC = 'Invalid input'

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`
}

function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, big: boolean): string {
  const bound = big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum
  const inclusive = issue.inclusive !== false
  const most = big ? 'at most' : 'at least'
  switch (issue.origin) {
    case 'string':
      return `Must be ${most} ${plural(bound, 'character')} long`
    case 'array':
    case 'set':
      return `Must have ${most} ${plural(bound, 'item')}`
    default: {
      const op = big ? (inclusive ? '<=' : '<') : inclusive ? '>=' : '>'
      return `Must be ${op} ${String(bound)}`
    }
  }
}

const FORMATS: Readonly<Record<string, string>> = {
  email: 'Expected an email address',
  date: 'Expected a calendar date YYYY-MM-DD',
  datetime: 'Expected an ISO-8601 date-time with offset, e.g. 2026-01-31T09:30:00Z',
  uuid: 'Expected a UUID',
}

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  date: 'a valid Date',
}

function describeInput(input: unknown): string {
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'an array'
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? 'an invalid Date' : 'a Date'
  if (typeof input === 'number' && !Number.isInteger(input))
    return Number.isFinite(input) ? 'a fraction' : String(input)
  return typeof input
}

/** A readable message for one zod issue. */
function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== GENERIC) return issue.message
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Required'
      return `Expected ${EXPECTED[issue.expected] ?? issue.expected}, received ${describeInput(issue.input)}`
    case 'too_big':
      return sizeMessage(issue, true)
    case 'too_small':
      return sizeMessage(issue, false)
    case 'invalid_format':
      return FORMATS[issue.format] ?? (issue.format === 'regex' ? 'Invalid format' : `Expected ${issue.format}`)
    case 'invalid_value':
      return `Expected one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'not_multiple_of':
      return `Must be a multiple of ${String(issue.divisor)}`
    case 'invalid_union':
      return 'Invalid value'
    default:
      return GENERIC
  }
}

function pathOf(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((key) => (typeof key === 'symbol' ? String(key) : key))
}

/**
 * Convert zod issues into crmkit issues. Unknown keys (`unrecognized_keys`, raised by
 * strict objects for `id`, `version`, typos...) become one issue per key, pointing at it.
 */
export function toValidationIssues(issues: readonly z.core.$ZodIssue[], prefix: Path = []): ValidationIssue[] {
  const out: ValidationIssue[] = []
  for (const issue of issues) {
    const path = [...prefix, ...pathOf(issue.path)]
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: `Unknown or read-only key "${key}"`, code: issue.code })
      }
    } else {
      // `input` (present because we parse with `reportInput`) is left out: it may be large or private.
      out.push({ path, message: messageOf(issue), code: issue.code })
    }
  }
  return out
}

/** A {@link ValidationError} whose message names the first problems, for logs. */
export function validationError(what: string, issues: readonly ValidationIssue[]): ValidationError {
  const summary = issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ')
  const more = issues.length > 3 ? ` (+${issues.length - 3} more)` : ''
  return new ValidationError(`Invalid ${what}: ${summary}${more}`, issues)
}

// Issues carry the offending input so that messages can say "Required" or what was received.
const PARSE_OPTIONS = { reportInput: true } as const

/** Result of {@link check}: the parsed value, or the issues. */
export type CheckResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: ValidationIssue[] }

/** Validate without throwing (used where bad rows are collected, e.g. imports). */
export function check<S extends z.ZodMiniType>(schema: S, input: unknown): CheckResult<z.output<S>> {
  const result = z.safeParse(schema, input, PARSE_OPTIONS)
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toValidationIssues(result.error.issues) }
}

/**
 * Validate `input` against `schema` and return the parsed (normalised) value.
 * @param what - what the input is, for the error message (`contact`, `deal patch`...).
 * @throws ValidationError with every issue.
 */
export function parse<S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = z.safeParse(schema, input, PARSE_OPTIONS)
  if (result.success) return result.data
  throw validationError(what, toValidationIssues(result.error.issues))
}
