/**
 * Validation of `custom` values against the tenant's definitions — pure functions, so the
 * rules can be compiled once (e.g. for a whole import) and reused for every row.
 */
import { isStorableDate } from '../clock.js'
import type { ValidationIssue } from '../errors.js'
import type { CustomFieldType, CustomFieldValidator, CustomFieldValue, CustomValues } from '../shared/custom-values.js'
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../shared/storable.js'
import { tooLong } from './merge.js'

/** The parts of a definition that validation needs. */
export interface CustomFieldRule {
  readonly key: string
  readonly type: CustomFieldType
  readonly options: readonly string[]
  readonly required: boolean
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MAX_TEXT = 10_000

/** Whether `text` is a real calendar date `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** The outcome of checking one custom value: the normalised value, or why it was refused (and at which element). */
export type Checked = { readonly ok: CustomFieldValue } | { readonly error: string; readonly at?: number }

/** Check one value against one rule; returns the normalised value or a message. */
export function checkCustomValue(rule: CustomFieldRule, value: unknown): Checked {
  switch (rule.type) {
    case 'text':
      if (typeof value !== 'string') return { error: 'Expected text' }
      if (value.length > MAX_TEXT) return { error: `Must be at most ${MAX_TEXT} characters long` }
      return isStorableText(value) ? { ok: value } : { error: UNSTORABLE_TEXT_MESSAGE }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: value } : { error: 'Expected a finite number' }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: value } : { error: 'Expected true or false' }
    case 'date':
      if (value instanceof Date && isStorableDate(value)) return { ok: value.toISOString().slice(0, 10) }
      return typeof value === 'string' && isCalendarDate(value)
        ? { ok: value }
        : { error: 'Expected a calendar date YYYY-MM-DD' }
    case 'select':
      return typeof value === 'string' && rule.options.includes(value)
        ? { ok: value }
        : { error: `Expected one of: ${rule.options.map((o) => JSON.stringify(o)).join(', ')}` }
    case 'multiselect': {
      if (!Array.isArray(value)) return { error: 'Expected a list of options' }
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i]
        if (typeof item !== 'string' || !rule.options.includes(item)) {
          return { error: `Expected one of: ${rule.options.map((o) => JSON.stringify(o)).join(', ')}`, at: i }
        }
      }
      return { ok: [...new Set(value as string[])] }
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** An empty value does not satisfy `required` (empty text or empty multiselect). */
function isEmpty(value: CustomFieldValue): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0)
}

/** Compile the rules of one entity's custom fields. */
export function compileCustomFields(rules: readonly CustomFieldRule[]): CustomFieldValidator {
  const byKey = new Map(rules.map((rule) => [rule.key, rule]))
  const required = rules.filter((rule) => rule.required)

  const checkEntries = (
    input: unknown,
    onValue: (key: string, value: CustomFieldValue | null, rule: CustomFieldRule | undefined) => void,
    issues: ValidationIssue[],
  ): void => {
    if (input === undefined) return
    if (!isPlainObject(input)) {
      issues.push({ path: ['custom'], message: 'Expected an object of custom field values', code: 'invalid_type' })
      return
    }
    for (const key of Object.keys(input)) {
      const rule = byKey.get(key)
      const raw = input[key]
      if (raw === null || raw === undefined) {
        onValue(key, null, rule)
        continue
      }
      if (!rule) {
        issues.push({ path: ['custom', key], message: `Unknown custom field "${key}"`, code: 'custom' })
        continue
      }
      const checked = checkCustomValue(rule, raw)
      if ('ok' in checked) {
        if (rule.required && isEmpty(checked.ok)) {
          issues.push({ path: ['custom', key], message: 'Required', code: 'custom' })
        } else {
          onValue(key, checked.ok, rule)
        }
      } else {
        const path = checked.at === undefined ? ['custom', key] : ['custom', key, checked.at]
        issues.push({ path, message: checked.error, code: 'custom' })
      }
    }
  }

  return {
    create(input) {
      const issues: ValidationIssue[] = []
      const values: CustomValues = {}
      checkEntries(
        input,
        (key, value) => {
          if (value !== null) values[key] = value
        },
        issues,
      )
      for (const rule of required) {
        // Own keys only: a field named `constructor` or `toString` must not be found on Object.prototype.
        const given = isPlainObject(input) && Object.hasOwn(input, rule.key) ? input[rule.key] : undefined
        if (!Object.hasOwn(values, rule.key) && given == null) {
          issues.push({ path: ['custom', rule.key], message: 'Required', code: 'custom' })
        }
      }
      const size = tooLong(values)
      if (size) issues.push(size)
      return { values, issues }
    },
    patch(input) {
      const issues: ValidationIssue[] = []
      const values: Record<string, CustomFieldValue | null> = {}
      checkEntries(
        input,
        (key, value, rule) => {
          if (value === null && rule?.required) {
            issues.push({ path: ['custom', key], message: 'Required; it cannot be removed', code: 'custom' })
          } else {
            values[key] = value
          }
        },
        issues,
      )
      return { values, issues }
    },
  }
}
