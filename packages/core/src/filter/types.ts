/**
 * The filter tree: the query language of every list call (and, later, of segments).
 *
 * A tree is `{ all: [...] } | { any: [...] } | { not: node } | { field, op, value }`.
 * Callers write {@link FilterNode}; core validates it against the table and the tenant's
 * custom-field definitions and resolves it into a {@link ResolvedFilter}, whose every
 * condition knows its value type and whose relative dates are absolute. Adapters only ever
 * see resolved filters: the memory adapter evaluates them with `evaluateFilter`, the SQL
 * adapters compile them to parameterised SQL. Both must select exactly the same rows.
 *
 * Semantics (identical in memory and in SQL):
 * - SQL three-valued logic. A comparison with a missing value (NULL, or an absent custom
 *   field) is UNKNOWN; `not UNKNOWN` is UNKNOWN; a row matches only when the tree is TRUE.
 *   So `{ field: 'email', op: 'neq', value: 'a@x' }` does not match contacts without email.
 * - Strings compare case-sensitively by Unicode code point (binary collation), so `lt`/`gt`
 *   and `contains` mean the same in every database. An empty string is a value, not NULL.
 * - Array fields (`tags`, multiselect custom fields, link fields such as `companyIds`):
 *   `contains` = has this element, `in` = has any of, `notIn` = has none of, `isSet` = is
 *   non-empty, `isNotSet` = is empty. Array conditions are never UNKNOWN.
 * - A link field holds the ids of the *live* rows on the other side only: a link to a
 *   soft-deleted (or absent) row is hidden from the field and from filters on it, but the
 *   link row stays, so restoring the row brings the link back.
 * - `all: []` is TRUE, `any: []` is FALSE. `in`/`notIn` lists hold no NULLs, so on a non-NULL
 *   value they are TRUE or FALSE; on NULL they are UNKNOWN (like every scalar comparison
 *   except `isSet`/`isNotSet`).
 * - A stored value whose type does not fit the field (e.g. a custom value stored as a number
 *   while the field is now `text`) reads as NULL; for multiselect fields only string elements
 *   of a JSON array count, anything else reads as the empty array. `custom.<key>` reads the
 *   object's *own* key only.
 * - `contains`/`startsWith`/`endsWith` are case-sensitive substring tests; `''` matches every
 *   non-NULL string. Equality is exact: `'a'` ≠ `'a '` (no PAD SPACE).
 * - `eqi`/`containsi`/`startsWithi`/`endsWithi` are the same tests after ASCII case folding
 *   (A–Z → a–z) of both sides, and nothing else: `'É'` ≠ `'é'`, `'ß'` ≠ `'SS'`. It is the one
 *   folding every database computes byte-for-byte alike (see `foldCase`).
 * - Numbers compare as IEEE doubles; integer columns only ever see safe-integer values.
 * - Timestamps and dates compare as their fixed-width ISO strings (text order = time order).
 * - `between [lo, hi]` means `lo <= v AND v <= hi` and the resolver guarantees `lo <= hi`.
 */

import type { TableName } from '../storage/tables.js'
import type { FieldOf, FilterEntity } from './field-names.js'

/** Comparison operators of a condition. */
export type FilterOperator =
  | 'eq'
  | 'neq'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'between'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'isSet'
  | 'isNotSet'
  | 'withinLast'
  | 'olderThan'
  | 'withinNext'
  | 'beyondNext'
  | 'eqi'
  | 'containsi'
  | 'startsWithi'
  | 'endsWithi'

/** A scalar value a condition compares against. Dates are ISO strings. */
export type FilterScalar = string | number | boolean

/**
 * What a caller may write as a condition's value: scalars, `Date` objects for timestamp and
 * date fields (resolved to their canonical ISO form), arrays of those for `in`/`notIn`/`between`,
 * or `{ days }` for `withinLast`/`olderThan`/`withinNext`/`beyondNext`.
 */
export type FilterInputValue = FilterScalar | Date | readonly (FilterScalar | Date)[] | { readonly days: number }

/**
 * One condition. `field` names a column (`email`, `createdAt`), a custom field
 * (`custom.plan`), `tags`, or a link field (`companyIds`). With an entity `E`
 * (`FilterCondition<'contact'>`) `field` is typed: a typo fails to compile.
 * - `between` takes `[low, high]` (inclusive); `in`/`notIn` a non-empty array;
 * - `isSet`/`isNotSet` take no value;
 * - `withinLast`/`olderThan`/`withinNext`/`beyondNext` take `{ days }` and apply to timestamp
 *   and date fields: `withinLast` = between now − days and now, `olderThan` = before now − days,
 *   `withinNext` = between now and now + days, `beyondNext` = after now + days;
 * - `eqi`/`containsi`/`startsWithi`/`endsWithi` are `eq`/`contains`/`startsWith`/`endsWith`
 *   ignoring ASCII case (strings only).
 */
export type FilterCondition<E extends FilterEntity | undefined = undefined> = FieldCondition<FieldOf<E>>

/** A condition whose `field` is one of `F` (see {@link FilterCondition}). */
export interface FieldCondition<F extends string> {
  readonly field: F
  readonly op: FilterOperator
  readonly value?: FilterInputValue
}

/**
 * A node of the filter tree. `FilterNode<'contact'>` (also `'company'`, `'deal'`, `'task'`)
 * types every `field` in the tree as that entity's built-in fields plus `custom.${string}`;
 * plain `FilterNode` takes any string (and is checked at run time only). A typed tree is
 * also a plain one.
 *
 * @example
 * const vips: FilterNode<'contact'> = { field: 'tags', op: 'contains', value: 'vip' }
 */
export type FilterNode<E extends FilterEntity | undefined = undefined> = FilterTree<FieldOf<E>>

/** A filter tree whose conditions name fields of `F` (see {@link FilterNode}). */
export type FilterTree<F extends string> =
  | { readonly all: readonly FilterTree<F>[] }
  | { readonly any: readonly FilterTree<F>[] }
  | { readonly not: FilterTree<F> }
  | SegmentReference
  | FieldCondition<F>
  | RelatedCondition

/** Operators of a count or aggregate comparison. */
export type ComparisonOperator = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'between'

/** A comparison of a count or aggregate: `{ op: 'gte', value: 3 }`, `{ op: 'between', value: [1, 5] }`. */
export interface Comparison {
  readonly op: ComparisonOperator
  readonly value: number | readonly [number, number]
}

/**
 * A time window over a related record's time field (`occurredAt` for activities, touchpoints
 * and conversions; `createdAt` for companies and deals; `field` names another timestamp or
 * date field). Exactly one of: `lastDays` (from now − days to now), `nextDays` (now to now +
 * days), or `from` and/or `to` (inclusive bounds). "Now" is the CRM clock.
 */
export interface TimeWindow {
  readonly field?: string
  readonly lastDays?: number
  readonly nextDays?: number
  readonly from?: string | Date
  readonly to?: string | Date
}

/**
 * A condition over the records related to a row: its timeline (activities, touchpoints,
 * conversions), its companies, deals, stage... (see `relations` for what each entity has).
 *
 * - `related` names the relation; `where` filters those records (a filter on their table);
 *   `within` keeps those whose time field is in the window;
 * - then exactly one measure: `count` (default `{ op: 'gte', value: 1 }`: "has any"; "never"
 *   is `{ op: 'eq', value: 0 }`), `aggregate` (sum/min/max/avg of a numeric field; a money
 *   field such as a deal's `amount` needs `currency`, and only records in that currency
 *   count), or `first` / `last` (the earliest / latest matching record's time is in the
 *   window; `within` is not allowed with them).
 *
 * A related condition is TRUE or FALSE, never UNKNOWN: counts and sums of no records are 0,
 * and min/max/avg of no values (or `first`/`last` with no record) are FALSE for every
 * operator. Deleted records never count.
 *
 * @example
 * // visited the pricing page 3+ times in the last 14 days
 * const keen: RelatedCondition = {
 *   related: 'activities',
 *   where: { all: [{ field: 'type', op: 'eq', value: 'page_view' }, { field: 'subject', op: 'eq', value: '/pricing' }] },
 *   within: { lastDays: 14 },
 *   count: { op: 'gte', value: 3 },
 * }
 */
export interface RelatedCondition {
  readonly related: string
  readonly where?: FilterNode
  readonly within?: TimeWindow
  readonly count?: Comparison
  readonly aggregate?: {
    readonly fn: 'sum' | 'min' | 'max' | 'avg'
    readonly field: string
    readonly currency?: string
  } & Comparison
  readonly first?: TimeWindow
  readonly last?: TimeWindow
}

/**
 * Membership of a saved segment (`t.segments`), usable inside any contact filter:
 * `{ inSegment: id }` is TRUE for the segment's members and FALSE for every other contact
 * (never UNKNOWN), so `{ not: { inSegment: id } }` selects exactly the non-members. A dynamic
 * segment's condition is evaluated now; a static segment's members are its explicit list.
 */
export interface SegmentReference {
  readonly inSegment: string
}

/** Value type of a resolved field, which decides comparison semantics. */
export type FilterValueType = 'string' | 'number' | 'boolean' | 'timestamp' | 'date' | 'stringArray'

/** Where a resolved field's value lives. */
export type FilterTarget =
  /** A column of the table (camelCase name as in `tables`). */
  | { readonly source: 'column'; readonly column: string; readonly type: FilterValueType }
  /** A key of the table's `custom` JSON column. */
  | { readonly source: 'custom'; readonly key: string; readonly type: FilterValueType }
  /** A link field (array of ids) served by a link table, e.g. a contact's `companyIds`. */
  | { readonly source: 'link'; readonly field: string; readonly type: 'stringArray' }

/** Operators left after resolution (relative dates became absolute comparisons). */
export type ResolvedOperator = Exclude<FilterOperator, RelativeDateOperator>

/** Operators relative to "now", resolved to absolute comparisons. */
export type RelativeDateOperator = 'withinLast' | 'olderThan' | 'withinNext' | 'beyondNext'

/**
 * A validated filter. Values are already normalised to the target's type: numbers for
 * `number`, booleans for `boolean`, canonical ISO strings for `timestamp`, `YYYY-MM-DD`
 * for `date`. `value` is absent for `isSet`/`isNotSet`, a pair for `between`, a non-empty
 * array for `in`/`notIn`, a scalar otherwise.
 */
export type ResolvedFilter =
  | { readonly kind: 'all'; readonly nodes: readonly ResolvedFilter[] }
  | { readonly kind: 'any'; readonly nodes: readonly ResolvedFilter[] }
  | { readonly kind: 'not'; readonly node: ResolvedFilter }
  | {
      readonly kind: 'condition'
      readonly target: FilterTarget
      readonly op: ResolvedOperator
      readonly value?: FilterScalar | readonly FilterScalar[]
    }
  | ResolvedRelated

/** What a related condition measures over the matching related records. */
export type RelatedMeasure =
  | { readonly fn: 'count' }
  | {
      readonly fn: 'sum' | 'min' | 'max' | 'avg'
      /** A `number` field, or for `min`/`max` (first/last occurrence) a timestamp or date field. */
      readonly target: Exclude<FilterTarget, { source: 'link' }>
      /** The currency of a money field (the records' currency is already part of `where`). */
      readonly currency?: string
    }

/**
 * A resolved related condition: the records of `relation` (on the filtered table) for which
 * `where` is TRUE, measured by `measure`, compared with `op`/`value`. Never UNKNOWN (see
 * {@link RelatedCondition}). `where` already holds the window and the currency.
 */
export interface ResolvedRelated {
  readonly kind: 'related'
  /** The table the condition is on (whose rows own the related records). */
  readonly owner: TableName
  /** Relation name on `owner` (see `relations`). */
  readonly relation: string
  /** Table of the related records. */
  readonly table: TableName
  readonly where: ResolvedFilter
  readonly measure: RelatedMeasure
  readonly op: ComparisonOperator
  /** A number (count, sum, avg, min/max of numbers), an ISO string (min/max of times), or a `[low, high]` pair for `between`. */
  readonly value: FilterScalar | readonly [FilterScalar, FilterScalar]
}
