/**
 * Driver errors -> crmkit errors. Unique/primary-key violations become `ConflictError`
 * (each dialect knows its driver's code), anything else unclassified becomes
 * `StorageError` with the driver error as `cause`. crmkit's own errors pass through.
 */
import { ConflictError, CrmError, OverflowError, StorageError } from '@crmkit/core/storage'
import type { SqlDialect } from './dialect.js'

/** The crmkit error for a failure of `operation` (e.g. `insert into contacts`). */
export function toCrmError(dialect: SqlDialect, operation: string, error: unknown): CrmError {
  if (error instanceof CrmError) return error
  if (dialect.isUniqueViolation(error)) {
    return new ConflictError(`${operation}: a unique key already exists`, { cause: error })
  }
  if (dialect.isIntegerOverflow?.(error)) {
    return new OverflowError(`${operation}: a sum exceeds the database's integer range and cannot be exact`, {
      cause: error,
    })
  }
  const detail = error instanceof Error ? error.message : String(error)
  return new StorageError(`${dialect.name}: ${operation} failed: ${detail}`, { cause: error })
}

/** Run `work`, translating any driver error it throws. */
export async function guard<T>(dialect: SqlDialect, operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw toCrmError(dialect, operation, error)
  }
}
