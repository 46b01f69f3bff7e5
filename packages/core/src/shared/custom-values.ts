/**
 * The vocabulary of custom fields that the layers below the domain folders need: the value
 * types and key syntax (the filter language resolves `custom.<key>` with them), the stored
 * value shapes (every record's `custom`), and the validator contract that shared/entity.ts
 * calls. The definitions themselves and the validation rules live in custom-fields/.
 */
import type { ValidationIssue } from '../errors.js'

/** Value types of custom fields. */
export const customFieldTypes = ['text', 'number', 'boolean', 'date', 'select', 'multiselect'] as const

/** Type of a custom field: decides which values it accepts and how it filters. */
export type CustomFieldType = (typeof customFieldTypes)[number]

/** Key of a custom field: a JavaScript-style identifier, as used in `custom.<key>` filters. */
export const customFieldKeyPattern = /^[a-z][a-zA-Z0-9_]{0,63}$/

/** A stored custom value: text/select/date -> string, number, boolean, multiselect -> string[]. */
export type CustomFieldValue = string | number | boolean | string[]

/** The `custom` object of a record. */
export type CustomValues = Record<string, CustomFieldValue>

/**
 * `custom` as callers write it: values by key (dates may be `Date`s); in a patch `null`
 * removes a value.
 */
export type CustomFieldsInput = Readonly<Record<string, string | number | boolean | Date | readonly string[] | null>>

/** Compiled rules of one entity's custom fields (built by `compileCustomFields`). */
export interface CustomFieldValidator {
  /**
   * Validate a whole `custom` object of a new record: unknown keys and missing required
   * fields are issues; `null` values are dropped.
   */
  create(input: unknown): { readonly values: CustomValues; readonly issues: ValidationIssue[] }
  /**
   * Validate the `custom` part of a patch: only the given keys are checked; `null` removes
   * a value (refused for required fields; allowed for keys whose definition was deleted).
   */
  patch(input: unknown): {
    readonly values: Record<string, CustomFieldValue | null>
    readonly issues: ValidationIssue[]
  }
}
