/**
 * The records related to each table, for related conditions (`{ related: 'activities', ... }`)
 * and prefixed fields (`company.industry` on a contact). Both the memory evaluator and the
 * SQL compiler join through these definitions, so they agree on what "a contact's deals" is.
 *
 * Behaviour is read from the domain records, never from the outbox (see CONTRIBUTING.md,
 * "Which store answers 'performed event E'"): activities, touchpoints, conversions, deals
 * and their stage transitions.
 */
import type { LinkTableName, TableName } from '../storage/tables.js'

/** How related rows are found from the row being filtered (the owner). */
export type RelationJoin =
  /** Through a link table; `own` is the owner's side of it. */
  | { readonly kind: 'link'; readonly link: LinkTableName; readonly own: 'left' | 'right' }
  /** The related table has a column holding the owner's id (`activities.contactId`). */
  | { readonly kind: 'foreign'; readonly column: string }
  /** The owner has a column holding the related row's id (`deals.stageId`). */
  | { readonly kind: 'reference'; readonly column: string }

/** One relation of a table. */
export interface RelationDefinition {
  readonly table: TableName
  readonly join: RelationJoin
  /** The time field windows (`within`, `first`, `last`) apply to by default. */
  readonly time: string
}

const contactsVia = (column: string, table: TableName, time = 'occurredAt'): RelationDefinition => ({
  table,
  join: { kind: 'foreign', column },
  time,
})

/** Relations by owner table, then by name. */
export const relations: Partial<Record<TableName, Readonly<Record<string, RelationDefinition>>>> = {
  contacts: {
    companies: { table: 'companies', join: { kind: 'link', link: 'contactCompanies', own: 'left' }, time: 'createdAt' },
    deals: { table: 'deals', join: { kind: 'link', link: 'dealContacts', own: 'right' }, time: 'createdAt' },
    activities: contactsVia('contactId', 'activities'),
    touchpoints: contactsVia('contactId', 'touchpoints'),
    conversions: contactsVia('contactId', 'conversions'),
    tasks: contactsVia('contactId', 'tasks', 'createdAt'),
  },
  companies: {
    contacts: { table: 'contacts', join: { kind: 'link', link: 'contactCompanies', own: 'right' }, time: 'createdAt' },
    deals: contactsVia('companyId', 'deals', 'createdAt'),
    activities: contactsVia('companyId', 'activities'),
    tasks: contactsVia('companyId', 'tasks', 'createdAt'),
  },
  deals: {
    stage: { table: 'stages', join: { kind: 'reference', column: 'stageId' }, time: 'createdAt' },
    pipeline: { table: 'pipelines', join: { kind: 'reference', column: 'pipelineId' }, time: 'createdAt' },
    company: { table: 'companies', join: { kind: 'reference', column: 'companyId' }, time: 'createdAt' },
    contacts: { table: 'contacts', join: { kind: 'link', link: 'dealContacts', own: 'left' }, time: 'createdAt' },
    activities: contactsVia('dealId', 'activities'),
    conversions: contactsVia('dealId', 'conversions'),
    transitions: contactsVia('dealId', 'dealTransitions', 'at'),
  },
}

/** Field prefixes that name a relation: `company.industry` on a contact is "one of its companies' industry". */
export const relatedFieldPrefixes: Partial<Record<TableName, Readonly<Record<string, string>>>> = {
  contacts: { company: 'companies', deal: 'deals' },
  companies: { contact: 'contacts', deal: 'deals' },
  deals: { company: 'company', stage: 'stage', pipeline: 'pipeline' },
}

/** The relation `name` of `table`, or undefined. */
export function relationOf(table: TableName, name: string): RelationDefinition | undefined {
  const own = relations[table]
  return own !== undefined && Object.hasOwn(own, name) ? own[name] : undefined
}

/** Names of the relations of `table`, for error messages. */
export function relationNames(table: TableName): string[] {
  return Object.keys(relations[table] ?? {})
}
