/**
 * Merging a validated `custom` patch into stored values, and the size cap of a record's custom
 * values. Kept apart from the validation rules (`validate.ts`) so that writes without `custom` and
 * the merge step do not pull the rules into a browser's initial bundle: the rules load with the
 * first write that checks custom values.
 */
import { ValidationError, type ValidationIssue } from '../errors.js'
import type { CustomFieldValue, CustomValues } from '../shared/custom-values.js'

/**
 * Longest `custom` object of one record, in characters of its JSON. With it a row and its outbox
 * event stay far below MySQL's default 16 MiB packet, however many fields a tenant defines.
 */
export const MAX_CUSTOM_VALUES_LENGTH = 262_144

/** The issue of a `custom` object that is too long as a whole, if it is. */
export function tooLong(values: Readonly<Record<string, unknown>>): ValidationIssue | undefined {
  if (JSON.stringify(values).length <= MAX_CUSTOM_VALUES_LENGTH) return undefined
  return {
    path: ['custom'],
    message: `Custom values must be at most ${MAX_CUSTOM_VALUES_LENGTH} characters as JSON`,
    code: 'too_big',
  }
}

/**
 * Apply a validated patch to stored values: `null` removes a key.
 * @throws ValidationError when the merged values pass {@link MAX_CUSTOM_VALUES_LENGTH}.
 */
export function mergeCustomValues(
  current: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, CustomFieldValue | null>>,
): CustomValues {
  const merged: Record<string, unknown> = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key]
    else merged[key] = value
  }
  const size = tooLong(merged)
  if (size) throw new ValidationError(`Invalid custom values: ${size.message}`, [size])
  return merged as CustomValues
}
