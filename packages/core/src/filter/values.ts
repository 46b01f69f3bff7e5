/**
 * Normalisation of filter values to storage form, so that the memory evaluator and the SQL
 * compiler compare exactly the same things: canonical 24-character ISO timestamps,
 * `YYYY-MM-DD` dates, finite numbers, well-formed strings.
 */
import type { FilterScalar, FilterValueType } from './types.js'

/** A normalised value, or the reason the input is not one. */
export type Normalised = { readonly ok: FilterScalar } | { readonly error: string }

const DAY_MS = 86_400_000
/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the range whose ISO form is 24 chars. */
const MIN_MS = -62_167_219_200_000
const MAX_MS = 253_402_300_799_999

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function isDateObject(value: unknown): value is Date {
  return value instanceof Date
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Day number of a `YYYY-MM-DD` string with a valid calendar date, else `undefined`. */
function parseCalendarDate(y: string, m: string, d: string): number | undefined {
  const year = Number(y)
  const month = Number(m)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return daysFromCivil(year, month, day)
}

/** Canonical ISO form of epoch milliseconds, or `undefined` outside years 0000–9999. */
function isoOf(ms: number): string | undefined {
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? new Date(ms).toISOString() : undefined
}

const timestampHint =
  'expected an ISO-8601 timestamp such as 2026-01-31T09:30:00.000Z (or a date YYYY-MM-DD, or a Date)'

/**
 * Parse a timestamp: `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:mm[:ss[.fff]]` with `Z`
 * or `±HH:mm`. Fractions beyond milliseconds must be zeros (storage has millisecond precision,
 * and rounding would change which rows `lt`/`gt` select).
 */
export function parseTimestamp(text: string): Normalised {
  const dm = datePattern.exec(text)
  if (dm !== null) {
    const days = parseCalendarDate(dm[1] ?? '', dm[2] ?? '', dm[3] ?? '')
    const iso = days === undefined ? undefined : isoOf(days * DAY_MS)
    return iso === undefined ? { error: `'${text}' is not a valid calendar date` } : { ok: iso }
  }
  const m = timestampPattern.exec(text)
  if (m === null) return { error: timestampHint }
  const [, y = '', mo = '', d = '', hh = '', mi = '', ss = '0', frac = '', zone] = m
  if (zone === undefined) return { error: `timestamp '${text}' needs a time zone: Z or ±HH:mm` }
  const days = parseCalendarDate(y, mo, d)
  const [h, min, s] = [Number(hh), Number(mi), Number(ss)]
  if (days === undefined || h > 23 || min > 59 || s > 59) return { error: `'${text}' is not a valid timestamp` }
  if (/[1-9]/.test(frac.slice(3))) return { error: `timestamp '${text}' is more precise than milliseconds` }
  let offset = 0
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3))
    const om = Number(zone.slice(4, 6))
    if (oh > 23 || om > 59) return { error: `'${text}' has an invalid time zone offset` }
    offset = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000
  }
  const ms = days * DAY_MS + h * 3_600_000 + min * 60_000 + s * 1000 + Number(frac.slice(0, 3).padEnd(3, '0')) - offset
  const iso = isoOf(ms)
  return iso === undefined ? { error: `timestamp '${text}' is outside years 0000-9999` } : { ok: iso }
}

/** Parse a calendar date `YYYY-MM-DD`. */
export function parseDate(text: string): Normalised {
  const m = datePattern.exec(text)
  if (m === null) return { error: 'expected a calendar date YYYY-MM-DD (or a Date)' }
  return parseCalendarDate(m[1] ?? '', m[2] ?? '', m[3] ?? '') === undefined
    ? { error: `'${text}' is not a valid calendar date` }
    : { ok: text }
}

/** Canonical timestamp of epoch milliseconds (used for relative dates). */
export function timestampOfMs(ms: number): Normalised {
  if (Number.isNaN(ms)) return { error: 'invalid Date' }
  const iso = isoOf(ms)
  return iso === undefined ? { error: 'date is outside years 0000-9999' } : { ok: iso }
}

/** UTC calendar date of epoch milliseconds. */
export function dateOfMs(ms: number): Normalised {
  if (Number.isNaN(ms)) return { error: 'invalid Date' }
  const iso = isoOf(ms)
  return iso === undefined ? { error: 'date is outside years 0000-9999' } : { ok: iso.slice(0, 10) }
}

/** Strings must survive every database unchanged: no U+0000 (Postgres rejects it), no lone surrogates. */
export function checkString(value: string): string | undefined {
  if (value.includes('\u0000')) return 'strings may not contain U+0000'
  if (loneSurrogate.test(value)) return 'strings may not contain unpaired surrogates'
  return undefined
}

/**
 * Normalise one scalar for a field of `type` (for `stringArray`, one element).
 * `integer` fields (integer columns) take safe integers only, so SQL can bind them as integers.
 */
export function normaliseScalar(type: FilterValueType, integer: boolean, value: unknown): Normalised {
  if (value === null) return { error: 'null is not a value; use isNotSet to match missing values' }
  switch (type) {
    case 'string':
    case 'stringArray': {
      if (typeof value !== 'string') return { error: 'expected a string' }
      const problem = checkString(value)
      return problem === undefined ? { ok: value } : { error: problem }
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { error: 'expected a finite number' }
      if (integer && !Number.isSafeInteger(value)) return { error: 'expected an integer' }
      return { ok: value === 0 ? 0 : value }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: value } : { error: 'expected true or false' }
    case 'timestamp':
      if (isDateObject(value)) return timestampOfMs(value.getTime())
      return typeof value === 'string' ? parseTimestamp(value) : { error: timestampHint }
    case 'date':
      if (isDateObject(value)) return dateOfMs(value.getTime())
      return typeof value === 'string' ? parseDate(value) : { error: 'expected a calendar date YYYY-MM-DD (or a Date)' }
  }
}

/**
 * ASCII case folding: A–Z become a–z, every other character stays as it is. This is the
 * folding of the case-insensitive operators and of list search, chosen because all three
 * SQL dialects compute it byte-for-byte alike with the collations crmkit uses (Unicode
 * lowercasing differs between databases and versions: `İ`, `ẞ`, final sigma...).
 *
 * @example foldCase('Ada ÉMILE') // 'ada Émile'
 */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase())
}

/** Milliseconds per day (relative dates count whole UTC days). */
export { DAY_MS }
