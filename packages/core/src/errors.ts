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

/**
 * A write lost a race or broke a uniqueness rule: a stale `expectedVersion`, or a
 * duplicate unique key (e.g. a second active contact with the same email). Nothing was written.
 */
export class ConflictError extends CrmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFLICT', message, options)
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
