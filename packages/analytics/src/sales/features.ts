/**
 * Numeric features of contacts for the predictive models (lead conversion model, personas).
 *
 * A feature is named like a filter field:
 * - `custom.<key>`: a number custom field (a boolean custom field reads as 1/0);
 * - `activities.<type>`: how many activities of that type the contact has (e.g. `activities.email`);
 * - `activities`: how many activities of any type.
 * Missing values (a contact without the custom value) are replaced by the feature's mean
 * over the contacts that have it (0 when none has it), and reported in `missing`.
 */
import { type Contact, customFieldKeyPattern, type TenantCrm } from '@crmkit/core'
import { invalid } from '../internal/validate.js'

/** A feature matrix: one row per contact, one column per feature. */
export interface ContactFeatures {
  readonly names: string[]
  readonly rows: number[][]
  /** Per feature, how many contacts had no value (imputed with the mean). */
  readonly missing: number[]
}

/** Activity counts per contact and type, from one grouped count (`t.insights.cube`). */
export async function activityCounts(t: TenantCrm): Promise<Map<string, Map<string, number>>> {
  const { rows } = await t.insights.cube({
    entity: 'activities',
    where: { field: 'contactId', op: 'isSet' },
    dimensions: ['contactId', 'type'],
    measures: [{ fn: 'count', as: 'n' }],
  })
  const out = new Map<string, Map<string, number>>()
  for (const r of rows) {
    const id = String(r.contactId)
    const byType = out.get(id) ?? new Map<string, number>()
    byType.set(String(r.type), Number(r.n))
    out.set(id, byType)
  }
  return out
}

function readFeature(name: string, contact: Contact, counts: Map<string, Map<string, number>>): number | null {
  const byType = counts.get(contact.id)
  if (name === 'activities') return [...(byType?.values() ?? [])].reduce((a, b) => a + b, 0)
  if (name.startsWith('activities.')) return byType?.get(name.slice('activities.'.length)) ?? 0
  const value = contact.custom[name.slice('custom.'.length)]
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'boolean') return value ? 1 : 0
  return null
}

/**
 * Build the feature matrix of `contacts`.
 * @throws ValidationError for a feature name that is not `custom.<key>`, `activities` or `activities.<type>`.
 */
export function contactFeatures(
  contacts: readonly Contact[],
  names: readonly string[],
  counts: Map<string, Map<string, number>>,
  path = 'features',
): ContactFeatures {
  names.forEach((name, i) => {
    const custom = name.startsWith('custom.') && customFieldKeyPattern.test(name.slice('custom.'.length))
    if (!custom && !/^activities(\..+)?$/.test(name)) {
      invalid([path, i], `expected custom.<key>, activities or activities.<type>, got '${name}'`)
    }
  })
  const raw = contacts.map((c) => names.map((n) => readFeature(n, c, counts)))
  const missing = names.map((_, j) => raw.filter((r) => r[j] === null).length)
  const means = names.map((_, j) => {
    const present = raw.map((r) => r[j]).filter((v): v is number => v !== null && v !== undefined)
    return present.length === 0 ? 0 : present.reduce((a, b) => a + b, 0) / present.length
  })
  const rows = raw.map((r) => r.map((v, j) => v ?? means[j] ?? 0))
  return { names: [...names], rows, missing }
}
