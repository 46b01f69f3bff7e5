/**
 * Time in crmkit: UTC with millisecond precision. Storage form is the fixed-width ISO
 * string `YYYY-MM-DDTHH:mm:ss.sssZ` (24 characters), so text order equals time order in
 * every database. The clock is injectable (`createCrm({ clock })`) to make tests
 * deterministic.
 */
import { ValidationError } from './errors.js'

/** Returns the current time. */
export type Clock = () => Date

/** The real wall clock. */
export const systemClock: Clock = () => new Date()

// Years 0000..9999 keep `toISOString()` at 24 characters (other years get a sign and 6
// digits). Date.UTC maps years 0..99 to 1900..1999, so year 0 is built with setUTCFullYear.
const MIN_TIME = new Date(0).setUTCFullYear(0, 0, 1)
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** Whether `date` is a valid instant representable in storage form (years 0000–9999). */
export function isStorableDate(date: Date): boolean {
  const time = date.getTime()
  return Number.isFinite(time) && time >= MIN_TIME && time <= MAX_TIME
}

/**
 * Storage form of an instant: `YYYY-MM-DDTHH:mm:ss.sssZ`.
 * @throws ValidationError when the date is invalid or outside years 0000–9999.
 */
export function toTimestamp(date: Date): string {
  if (!isStorableDate(date)) {
    throw new ValidationError('Invalid date', [
      { path: [], message: 'Expected a valid date between years 0000 and 9999', code: 'invalid_date' },
    ])
  }
  return date.toISOString()
}

/** Storage form of a calendar date (UTC): `YYYY-MM-DD`. */
export function toDateString(date: Date): string {
  return toTimestamp(date).slice(0, 10)
}
