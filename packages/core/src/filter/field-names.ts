/**
 * Field names of the built-in entities as TypeScript types, derived from the table
 * definitions (`filterable`/`sortable` flags, deal aliases such as `amount`, link fields),
 * so that a typo in a filter or sort field fails `tsc` while `custom.<key>` stays open for
 * the tenant's custom fields. Types only: nothing here exists at run time, where
 * `resolveFilter`/`resolveSort` check the same names (and custom keys) against the table.
 */
import type { tables } from '../storage/tables.js'
import type { fieldAliases } from './aliases.js'

/** Entities whose list and count calls take a typed filter, by the table they live in. */
export interface FilterEntityTables {
  readonly contact: 'contacts'
  readonly company: 'companies'
  readonly deal: 'deals'
  readonly task: 'tasks'
}

/** An entity with typed filter fields: `'contact' | 'company' | 'deal' | 'task'`. */
export type FilterEntity = keyof FilterEntityTables

type Table<E extends FilterEntity> = (typeof tables)[FilterEntityTables[E]]
type Columns<E extends FilterEntity> = Table<E>['columns']
type Aliases<E extends FilterEntity> = FilterEntityTables[E] extends keyof typeof fieldAliases
  ? (typeof fieldAliases)[FilterEntityTables[E]]
  : Record<never, string>
/** Columns shown under another name (a deal's `amountValue` is `amount`). */
type Hidden<E extends FilterEntity> = Aliases<E>[keyof Aliases<E>]

type ColumnsWith<E extends FilterEntity, Flag extends 'filterable' | 'sortable'> = Extract<
  { [K in keyof Columns<E>]: Columns<E>[K] extends { readonly [F in Flag]: true } ? K : never }[keyof Columns<E>],
  string
>

type AliasesWith<E extends FilterEntity, Flag extends 'filterable' | 'sortable'> = Extract<
  { [K in keyof Aliases<E>]: Aliases<E>[K] extends ColumnsWith<E, Flag> ? K : never }[keyof Aliases<E>],
  string
>

/** `custom.${string}` for entities with custom fields, else nothing. */
type CustomField<E extends FilterEntity> = 'custom' extends keyof Columns<E> ? `custom.${string}` : never

/**
 * The fields a filter on entity `E` may name: its filterable built-in fields, its link fields
 * (`companyIds`, `contactIds`) and `custom.<key>`.
 *
 * @example
 * const field: FilterField<'contact'> = 'lastName' // ok; 'lastname' fails to compile
 */
export type FilterField<E extends FilterEntity> =
  | Exclude<ColumnsWith<E, 'filterable'>, Hidden<E>>
  | AliasesWith<E, 'filterable'>
  | Extract<keyof Table<E>['linkFields'], string>
  | CustomField<E>

/** The fields a list of entity `E` may be sorted by: sortable built-in fields and `custom.<key>`. */
export type SortField<E extends FilterEntity> =
  | Exclude<ColumnsWith<E, 'sortable'>, Hidden<E>>
  | AliasesWith<E, 'sortable'>
  | CustomField<E>

/** A stage's filterable fields (for `stage.<field>` on deals). */
type StageField = 'id' | 'name' | 'kind' | 'position' | 'probability' | 'pipelineId' | 'createdAt' | 'updatedAt'

/**
 * Fields of related records an entity's filter may name with a prefix: a contact's
 * `company.industry` (true when one of its companies matches), a deal's `stage.kind`.
 */
export type RelatedFieldOf<E extends FilterEntity> = E extends 'contact'
  ? `company.${FilterField<'company'>}` | `deal.${FilterField<'deal'>}`
  : E extends 'deal'
    ? `company.${FilterField<'company'>}` | `stage.${StageField}`
    : E extends 'company'
      ? `contact.${FilterField<'contact'>}` | `deal.${FilterField<'deal'>}`
      : never

/** The field type of a filter: typed for an entity, any string when `E` is `undefined`. */
export type FieldOf<E extends FilterEntity | undefined> = E extends FilterEntity
  ? FilterField<E> | RelatedFieldOf<E>
  : string

/** The sort field type: typed for an entity, any string when `E` is `undefined`. */
export type SortFieldOf<E extends FilterEntity | undefined> = E extends FilterEntity ? SortField<E> : string
