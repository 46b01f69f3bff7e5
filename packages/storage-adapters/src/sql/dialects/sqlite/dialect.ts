/**
 * SQLite specifics. Text uses SQLite's default BINARY collation (memcmp of UTF-8, which is
 * code-point order); JSON is stored as TEXT and read with the JSON1 functions built into
 * the SQLite that better-sqlite3 bundles; uniqueness among live rows is a partial index.
 */
import { sql } from 'kysely'
import { createPartialIndex, jsonKey, rowValueKeyset, type SqlDialect } from '../../dialect.js'

/** The SQLite dialect of the SQL storage adapter. */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  updateReturning: true,
  // A failed statement rolls back only itself; the transaction stays usable.
  savepointPerWrite: false,
  lateralLookups: false,
  usesLiveMarker: false,

  columnType(column) {
    switch (column.type) {
      case 'integer':
        return sql`integer`
      case 'number':
        return sql`real`
      default:
        // strings, timestamps, dates and JSON are all TEXT (BINARY collation).
        return sql`text`
    }
  },

  async tableOptions() {
    return undefined
  },

  createIndex: createPartialIndex,

  isIntegerOverflow(error) {
    return error instanceof Error && error.message === 'integer overflow'
  },

  isUniqueViolation(error) {
    if (typeof error !== 'object' || error === null || !('code' in error)) return false
    return error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  },

  bindNumber(value) {
    return sql`${value}`
  },

  bindBoolean(value) {
    // better-sqlite3 cannot bind booleans; JSON true/false read back as 1/0 (see jsonScalar).
    return sql`${value ? 1 : 0}`
  },

  jsonMember(json, key) {
    // `->` returns JSON text (a string stays quoted), so the type checks below can tell a
    // string '[1]' from an array [1]. json_quote escapes the key into a path label.
    return sql`(${json} -> ('$.' || json_quote(${jsonKey(key)})))`
  },

  jsonScalar(member, type) {
    switch (type) {
      case 'number':
        return sql`(case when json_type(${member}) in ('integer', 'real') then ${member} ->> '$' end)`
      case 'boolean':
        return sql`(case json_type(${member}) when 'true' then 1 when 'false' then 0 end)`
      case 'date':
        // Only YYYY-MM-DD strings are dates (as in the evaluator); GLOB matches the whole string.
        return sql`(case when json_type(${member}) = 'text' and (${member} ->> '$') glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' then ${member} ->> '$' end)`
      default:
        return sql`(case when json_type(${member}) = 'text' then ${member} ->> '$' end)`
    }
  },

  jsonArrayHasAny(array, values) {
    const list = sql.join(values.map((v) => sql`${v}`))
    return sql`(case when json_type(${array}) = 'array' then exists (select 1 from json_each(${array}) as e where e.type = 'text' and e.value in (${list})) else false end)`
  },

  stringArrayHasAny(array, _tenantColumn, _tenantId, values) {
    // Every element is a string: no type guard, one json_each pass per row.
    const list = sql.join(values.map((v) => sql`${v}`))
    return sql`exists (select 1 from json_each(${array}) as e where e.value in (${list}))`
  },

  jsonArrayNonEmpty(array) {
    // Only string elements count, as in the evaluator: [1, null] is "not set".
    return sql`(case when json_type(${array}) = 'array' then exists (select 1 from json_each(${array}) as e where e.type = 'text') else false end)`
  },

  textContains(text, needle) {
    return sql`(instr(${text}, ${needle}) > 0)`
  },

  textStartsWith(text, prefix) {
    // length() and substr() count code points for TEXT, like the evaluator.
    return sql`(substr(${text}, 1, length(${prefix})) = ${prefix})`
  },

  textEndsWith(text, suffix) {
    // Start past the end for the empty suffix ('' = '' holds); a suffix longer than the
    // text yields a shorter substring, which cannot be equal.
    return sql`(substr(${text}, length(${text}) - length(${suffix}) + 1) = ${suffix})`
  },

  foldCase(text) {
    // SQLite's built-in lower() folds ASCII only (better-sqlite3 bundles SQLite without ICU).
    return sql`lower(${text})`
  },

  keysetAfter: rowValueKeyset,

  ignoreDuplicateLinks(insert) {
    return insert.onConflict((oc) => oc.doNothing())
  },

  jsonArrayAgg(expr) {
    return sql`json_group_array(${expr})`
  },

  parseJson(value) {
    return typeof value === 'string' ? JSON.parse(value) : value
  },

  orderedConcat(expr, orderBy, separator) {
    return sql`group_concat(${expr}, ${sql.raw(`'${separator}'`)} order by ${orderBy})`
  },

  toDouble(expr) {
    return sql`cast(${expr} as real)`
  },

  async prepareStringAggregation(db) {
    // Nothing to prepare: string aggregation has no length limit here.
    void db
  },
}
