/**
 * Where a contact or company is: country (ISO 3166-1 alpha-2), region, city, postal code,
 * and its IANA time zone. Shared by both entities so geographic segments read the same
 * fields everywhere.
 */
import * as z from 'zod/mini'
import type { StorageRow } from '../storage/port.js'
import { strOrNull } from './rows.js'
import { nullish, text } from './schemas.js'

/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes, kept tiny for browser bundles: group
 * `i` (space-separated) lists the second letters of the codes whose first letter is the
 * i-th letter of the alphabet (group 0: AD, AE, AF...; X has none).
 */
const COUNTRY_CODES =
  'DEFGILMOQRSTUWXZ ABDEFGHIJLMNOQRSTVWYZ ACDFGHIKLMNORUVWXYZ EJKMOZ CEGHRST IJKMOR ABDEFGHILMNPQRSTUWY KMNRTU DELMNOQRST EMOP EGHIMNPRWYZ ABCIKRSTUVY ACDEFGHKLMNOPQRSTUVWXYZ ACEFGILOPRUZ M AEFGHKLMNRSTWY A EOSUW ABCDEGHIJKLMNORSTVXYZ CDFGHJKLMNORTVWZ AGMSYZ ACEGINU FS  ET AMW'.split(
    ' ',
  )

/** Whether `code` is an assigned ISO 3166-1 alpha-2 country code (upper case, e.g. `DE`). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && (COUNTRY_CODES[code.charCodeAt(0) - 65] ?? '').includes(code.charAt(1))
}

/**
 * The IANA time zone `name` with its case corrected (`europe/berlin` -> `Europe/Berlin`), or
 * `undefined` when it is not an IANA time zone. `Intl.DateTimeFormat` is the check: it
 * accepts every IANA name and link, while `Intl.supportedValuesOf('timeZone')` lists
 * canonical names only and would refuse valid links such as `Asia/Calcutta`. A link is kept
 * as written (engines disagree on which name is canonical). UTC offsets such as `+01:00`,
 * which newer engines also accept, are not IANA names and are refused.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z]/.test(name)) return undefined
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
    return resolved.toLowerCase() === name.toLowerCase() ? resolved : name
  } catch {
    return undefined
  }
}

/** Country: trimmed, upper-cased, and checked against the ISO 3166-1 alpha-2 list. */
export const countryCode = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.refine(isCountryCode, { error: 'Expected an ISO 3166-1 alpha-2 country code such as DE or US' }),
  )

/** IANA time zone (`Europe/Berlin`); its case is corrected where the platform knows the name. */
export const timeZone = z.string().check(
  z.trim(),
  z.refine((name) => canonicalTimeZone(name) !== undefined, {
    error: 'Expected an IANA time zone such as Europe/Berlin',
  }),
  z.overwrite((name) => canonicalTimeZone(name) ?? name),
)

/** The address fields of a contact or company input; each optional, `null` clears it. */
export const addressFields = {
  /** ISO 3166-1 alpha-2 code; lowercase input is accepted and stored upper-case. */
  country: nullish(countryCode),
  /** State, province or region, as written. */
  region: nullish(text(255)),
  city: nullish(text(255)),
  postalCode: nullish(text(32)),
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: nullish(timeZone),
}

/** Columns of the address fields, in storage form (same names). */
export const addressColumns = ['country', 'region', 'city', 'postalCode', 'timeZone'] as const

/** Where a contact or company is. Every field is `null` until set. */
export interface Address {
  /** ISO 3166-1 alpha-2 country code, upper case (`DE`). */
  readonly country: string | null
  readonly region: string | null
  readonly city: string | null
  readonly postalCode: string | null
  /** IANA time zone (`Europe/Berlin`). */
  readonly timeZone: string | null
}

/** Read the address fields of a contact or company row (absent columns read as `null`). */
export function toAddress(row: StorageRow): Address {
  return {
    country: strOrNull(row, 'country'),
    region: strOrNull(row, 'region'),
    city: strOrNull(row, 'city'),
    postalCode: strOrNull(row, 'postalCode'),
    timeZone: strOrNull(row, 'timeZone'),
  }
}
