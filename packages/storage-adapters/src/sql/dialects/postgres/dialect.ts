/**
 * PostgreSQL specifics. Text columns use `COLLATE "C"` so ordering and comparison are by
 * code point regardless of the database's default locale; JSON is `jsonb`; uniqueness among
 * live rows is a partial unique index.
 */
import type { ColumnDefinition } from '@crmkit/core/storage'
import { sql } from 'kysely'
import {
  type Condition,
  createPartialIndex,
  type Fragment,
  type JsonScalarType,
  jsonKey,
  rowValueKeyset,
  type SqlDialect,
} from '../../dialect.js'

function varchar(column: ColumnDefinition, fallback: number | undefined): Fragment {
  const length = column.maxLength ?? fallback
  // maxLength comes from core's table definitions (a number), never from a caller.
  return length === undefined ? sql`text collate "C"` : sql`varchar(${sql.raw(String(Math.trunc(length)))}) collate "C"`
}

/** The PostgreSQL dialect of the SQL storage adapter. */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  updateReturning: true,
  savepointPerWrite: true,
  lateralLookups: true,
  analyzeAfterGrowth: true,
  usesLiveMarker: false,

  columnType(column) {
    switch (column.type) {
      case 'string':
        return varchar(column, undefined)
      case 'text':
        return sql`text collate "C"`
      case 'integer':
        return sql`bigint`
      case 'number':
        return sql`double precision`
      case 'timestamp':
        return varchar(column, 24)
      case 'date':
        return varchar(column, 10)
      case 'stringArray':
      case 'json':
        return sql`jsonb`
    }
  },

  async tableOptions() {
    return undefined
  },

  createIndex: createPartialIndex,

  isUniqueViolation(error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505'
  },

  bindNumber(value) {
    // An untyped parameter compared with a bigint column is inferred as bigint, which
    // rejects 2.5 or 1e300; only safe integers may stay untyped.
    return Number.isSafeInteger(value) ? sql`${value}` : sql`cast(${value} as double precision)`
  },

  bindBoolean(value) {
    return sql`${value}`
  },

  jsonMember(json, key) {
    return sql`(${json} -> cast(${jsonKey(key)} as text))`
  },

  jsonScalar(member, type: JsonScalarType) {
    switch (type) {
      case 'number':
        return sql`(case when jsonb_typeof(${member}) = 'number' then cast(${member} #>> '{}' as double precision) end)`
      case 'boolean':
        return sql`(case when jsonb_typeof(${member}) = 'boolean' then cast(${member} #>> '{}' as boolean) end)`
      case 'date':
        // Only YYYY-MM-DD strings are dates, as in the evaluator.
        return sql`(case when jsonb_typeof(${member}) = 'string' and (${member} #>> '{}') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then (${member} #>> '{}') end collate "C")`
      default:
        return sql`(case when jsonb_typeof(${member}) = 'string' then (${member} #>> '{}') end collate "C")`
    }
  },

  jsonArrayHasAny(array, values): Condition {
    // `?|` matches string elements only, like core's evaluator; the type guard keeps a
    // scalar string (`"a" ? 'a'` is true in jsonb) from counting as an array.
    const list = sql.join(values.map((v) => sql`cast(${v} as text)`))
    return sql`(case when jsonb_typeof(${array}) = 'array' then ${array} ?| array[${list}] else false end)`
  },

  stringArrayHasAny(array, tenantColumn, tenantId, values) {
    // Exactly the expression of the GIN index (migration 0006): its jsonb_path_ops keys hash
    // (tenant, element), so each value is one index probe scoped to the tenant.
    const keyed = sql`jsonb_set('{}'::jsonb, array[cast(${tenantColumn} as text)], ${array})`
    const tests = values.map((v) => sql`(${keyed} @> cast(${JSON.stringify({ [tenantId]: [v] })} as jsonb))`)
    return tests.length === 1 ? (tests[0] as Condition) : sql`(${sql.join(tests, sql` or `)})`
  },

  jsonArrayNonEmpty(array) {
    // Only string elements count, as in the evaluator: [1, null] is "not set".
    return sql`(case when jsonb_typeof(${array}) = 'array' then exists (select 1 from jsonb_array_elements(${array}) as e(v) where jsonb_typeof(e.v) = 'string') else false end)`
  },

  textContains(text, needle) {
    return sql`(strpos(${text}, cast(${needle} as text)) > 0)`
  },

  textStartsWith(text, prefix) {
    return sql`(left(${text}, char_length(cast(${prefix} as text))) = cast(${prefix} as text))`
  },

  textEndsWith(text, suffix) {
    // right(x, 0) is '' so the empty suffix matches every non-NULL value, as in JS.
    return sql`(right(${text}, char_length(cast(${suffix} as text))) = cast(${suffix} as text))`
  },

  foldCase(text) {
    // Under the "C" collation lower() maps A-Z only (pg_ascii_tolower), in every encoding.
    return sql`lower(${text} collate "C")`
  },

  keysetAfter: rowValueKeyset,

  ignoreDuplicateLinks(insert) {
    return insert.onConflict((oc) => oc.doNothing())
  },

  jsonArrayAgg(expr) {
    return sql`coalesce(json_agg(${expr}), '[]')`
  },

  parseJson(value) {
    return typeof value === 'string' ? JSON.parse(value) : value
  },

  orderedConcat(expr, orderBy, separator) {
    return sql`string_agg(${expr}, ${sql.raw(`'${separator}'`)} order by ${orderBy})`
  },

  toDouble(expr) {
    return sql`cast(${expr} as double precision)`
  },

  async prepareStringAggregation(db) {
    // Nothing to prepare: string aggregation has no length limit here.
    void db
  },
}
