/**
 * Columns of the contact list: which field, how its cells read, whether it sorts.
 */
import type { Contact } from '@crmkit/core'
import type { LocalizeController } from '../shared/localize.js'

/** A column of `<crm-contact-list>`. */
export interface ContactListColumn {
  /**
   * A contact field (`email`, `firstName`, `lastName`, `phone`, `title`, `lifecycleStage`, `city`,
   * `createdAt`, `updatedAt`...), a custom field `custom.<key>`, or `name` (first and last name,
   * sorted by last name).
   */
  readonly field: string
  /** Header text; default: the localised name of a built-in field, else the field. */
  readonly label?: string
  /** Whether clicking the header sorts by the field; default true (false for `tags`). */
  readonly sortable?: boolean
  /** How cells are formatted; default `date` for `createdAt`/`updatedAt`, else `text`. */
  readonly type?: 'text' | 'number' | 'date' | 'money'
  /** Currency of a `money` column (values in minor units). */
  readonly currency?: string
  /** CSS grid track of the column; default `minmax(8rem, 1fr)`. */
  readonly width?: string
}

/** The default columns: name, email, lifecycle stage, last update. */
export const defaultColumns: readonly ContactListColumn[] = [
  { field: 'name', width: 'minmax(10rem, 1.4fr)' },
  { field: 'email', width: 'minmax(12rem, 1.6fr)' },
  { field: 'lifecycleStage' },
  { field: 'updatedAt', type: 'date' },
]

/** The field a column sorts by (`name` sorts by last name). */
export function sortField(column: ContactListColumn): string {
  return column.field === 'name' ? 'lastName' : column.field
}

/** Whether the column sorts. */
export function isSortable(column: ContactListColumn): boolean {
  return column.sortable ?? !['tags', 'companyIds'].includes(column.field)
}

function raw(contact: Contact, field: string): unknown {
  if (field === 'name') return [contact.firstName, contact.lastName].filter(Boolean).join(' ')
  if (field.startsWith('custom.')) return contact.custom[field.slice('custom.'.length)]
  return (contact as unknown as Record<string, unknown>)[field]
}

/** The text of a cell (never HTML: it is bound as text). */
export function cellText(contact: Contact, column: ContactListColumn, i18n: LocalizeController): string {
  const value = raw(contact, column.field)
  if (value === null || value === undefined || value === '') return ''
  const type = column.type ?? (column.field === 'createdAt' || column.field === 'updatedAt' ? 'date' : 'text')
  if (type === 'date' && (typeof value === 'string' || typeof value === 'number')) return i18n.date(value)
  if (type === 'number' && typeof value === 'number') return i18n.number(value)
  if (type === 'money' && typeof value === 'number') return i18n.money(value, column.currency ?? 'USD')
  if (Array.isArray(value)) return value.join(', ')
  if (column.field === 'lifecycleStage' && typeof value === 'string') {
    const key = `contactList.stage.${value}`
    const text = i18n.t(key)
    return text === key ? value : text
  }
  if (typeof value === 'boolean') return i18n.t(value ? 'contactList.yes' : 'contactList.no')
  return String(value)
}

/** Header text of a column. */
export function headerText(column: ContactListColumn, i18n: LocalizeController): string {
  if (column.label) return column.label
  const key = `contactList.column.${column.field}`
  const text = i18n.t(key)
  return text === key ? column.field : text
}
