/**
 * Every error crmkit throws on purpose is a {@link CrmError} with a stable `code`.
 * Test with `instanceof` (`err instanceof ConflictError`) or by `code` across realms.
 */

/** Stable machine-readable error codes. New codes may be added in minor versions. */
export type CrmErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNSUPPORTED'
  | 'STORAGE'
  | 'OVERFLOW'
  | 'UNAUTHORIZED'
  | 'TRANSPORT'

/** One problem with an input, in the shape zod reports it: where (`path`) and what (`message`). */
export interface ValidationIssue {
  /** Path of the offending value inside the input, e.g. `['stages', 1, 'probability']`. */
  readonly path: readonly (string | number)[]
  /** Human-readable explanation. */
  readonly message: string
  /** zod's issue code (e.g. `invalid_type`), or `custom` for crmkit's own rules. */
  readonly code: string
}

/** Base class of all crmkit errors. */
export class CrmError extends Error {
  /** Stable code; safe to switch on. */
  readonly code: CrmErrorCode
  constructor(code: CrmErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** Input failed validation. Nothing was written. */
export class ValidationError extends CrmError {
  /** Every issue found, not only the first. */
  readonly issues: readonly ValidationIssue[]
  constructor(message: string, issues: readonly ValidationIssue[]) {
    super('VALIDATION', message)
    this.issues = issues
  }
}

/** The record does not exist in this tenant (or is soft-deleted where that matters). */
export class NotFoundError extends CrmError {
  readonly entity: string
  readonly id: string
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} ${id} not found`)
    this.entity = entity
    this.id = id
  }
}

/** A compare-and-set lost: the record is no longer at the version the write expected. */
export interface VersionConflict {
  readonly kind: 'version'
  /** Singular entity name, e.g. `contact`. */
  readonly entity: string
  /** The record that was written. */
  readonly id: string
  /** The version the write expected (`expectedVersion`, or the version it read). */
  readonly expectedVersion: number
  /** The version stored now, or `null` when the record is gone. */
  readonly currentVersion: number | null
}

/** A unique key is taken by another live record of the tenant. */
export interface UniqueConflict {
  readonly kind: 'unique'
  /** Singular entity name (`contact`, `customField`); adapters name the table (`contacts`). */
  readonly entity: string
  /** The unique field, e.g. `email` (several fields are joined with `+`). */
  readonly key: string
  /** The value that is taken, in stored form (e.g. the lowercased email); absent when unknown. */
  readonly value?: unknown
  /** The id of the live record that holds the key, when known. */
  readonly id?: string
}

/** What a {@link ConflictError} is about: `kind` tells the two cases apart. */
export type ConflictDetails = VersionConflict | UniqueConflict

function conflictMessage(details: ConflictDetails): string {
  if (details.kind === 'version') {
    const now = details.currentVersion === null ? 'it no longer exists' : `it is at version ${details.currentVersion}`
    return `${details.entity} ${details.id} was changed concurrently: expected version ${details.expectedVersion}, ${now}`
  }
  const value = details.value === undefined ? '' : ` ${JSON.stringify(details.value)}`
  return `${details.entity} ${details.key}${value} is already taken`
}

/**
 * A write lost a race or broke a uniqueness rule. Nothing was written.
 *
 * - `kind: 'version'`: a stale `expectedVersion` (or a compare-and-set that lost); see
 *   `expectedVersion` and `currentVersion`.
 * - `kind: 'unique'`: a duplicate unique key, e.g. a second live contact with the same email;
 *   see `key` and `value` (and `id`, the record holding it).
 *
 * The message is built from these fields only, so it reads the same on every storage adapter.
 */
export class ConflictError extends CrmError {
  /** `version` or `unique`. */
  declare readonly kind: ConflictDetails['kind']
  /** Singular entity name, e.g. `contact`. */
  declare readonly entity: string
  /** The record written (`version`), or the record holding the key (`unique`, when known). */
  declare readonly id: string | undefined
  /** For `unique`: the field whose value is taken, e.g. `email`. */
  declare readonly key: string | undefined
  /** For `unique`: the value that is taken (stored form). */
  declare readonly value: unknown
  /** For `version`: the version the write expected. */
  declare readonly expectedVersion: number | undefined
  /** For `version`: the stored version (`null`: the record is gone). */
  declare readonly currentVersion: number | null | undefined
  /** All fields as one discriminated object (handy for logs and HTTP bodies). */
  readonly details: ConflictDetails
  constructor(details: ConflictDetails, options?: { cause?: unknown }) {
    super('CONFLICT', conflictMessage(details), options)
    // The fields of the other kind stay undefined (declared above, so no initialisers).
    Object.assign(this, details)
    this.details = details
  }
}

/** The caller may not do this (e.g. a tenant or actor the host did not allow). Nothing was written. */
export class ForbiddenError extends CrmError {
  constructor(message: string) {
    super('FORBIDDEN', message)
  }
}

/** The configured storage adapter cannot do what was asked (see its capability flags). */
export class UnsupportedError extends CrmError {
  constructor(message: string) {
    super('UNSUPPORTED', message)
  }
}

/** The storage backend failed in a way crmkit could not classify. `cause` holds the driver error. */
export class StorageError extends CrmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE', message, options)
  }
}

/**
 * A computed number cannot be exact: a sum of integer amounts (money in minor units) beyond
 * `Number.MAX_SAFE_INTEGER` (2^53 − 1), where JavaScript numbers skip integers, or beyond what the
 * database's integer sum holds. crmkit refuses to return such a total rather than a silently wrong
 * one; narrow the filter (e.g. per currency or per period) to get exact totals.
 */
export class OverflowError extends CrmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OVERFLOW', message, options)
  }
}

/**
 * The request has no valid credentials (the HTTP handler's `resolveContext` refused it): HTTP 401.
 * Throw it from `resolveContext`, or return `null` there; the remote client throws it after a
 * retry with a fresh token (`getToken`) was refused too.
 */
export class UnauthorizedError extends CrmError {
  constructor(message = 'Authentication required') {
    super('UNAUTHORIZED', message)
  }
}

/**
 * The HTTP exchange failed outside crmkit's domain errors: a network error, a 413/415, a
 * response that is not crmkit's JSON (a proxy's error page), or a 5xx. `status` is the HTTP
 * status (0 when no response arrived); `httpCode` the HTTP layer's code (`INTERNAL`, `PAYLOAD_TOO_LARGE`, `NETWORK`...).
 */
export class TransportError extends CrmError {
  readonly status: number
  readonly httpCode: string
  constructor(status: number, httpCode: string, message: string, options?: { cause?: unknown }) {
    super('TRANSPORT', message, options)
    this.status = status
    this.httpCode = httpCode
  }
}
