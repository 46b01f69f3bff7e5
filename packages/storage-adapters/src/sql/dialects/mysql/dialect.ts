/**
 * MySQL / MariaDB specifics.
 *
 * Collation: `utf8mb4_bin` is a PAD SPACE collation ('a' = 'a ' is true there, so two
 * emails differing by a trailing space would collide), so tables use the NO PAD binary
 * collation of the server: `utf8mb4_nopad_bin` (MariaDB) or `utf8mb4_0900_bin` (MySQL 8).
 * Values read out of JSON are compared as binary strings (UTF-8 byte order is code-point
 * order). Uniqueness among live rows: a stored generated column that is NULL for deleted
 * rows ends each `uniqueActive` index, because MySQL has no partial indexes.
 */

import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { jsonKey, type SqlDb, type SqlDialect } from '../../dialect.js'
import { LIVE_MARKER_COLUMN } from '../../names.js'

/** A-Z, the letters {@link mysqlDialect.foldCase} lowers. */
const ASCII_UPPER = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ']

const NO_PAD_BINARY_COLLATIONS = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin'] as const

/** The server's NO PAD binary utf8mb4 collation. */
async function binaryCollation(db: Kysely<SqlDb>): Promise<(typeof NO_PAD_BINARY_COLLATIONS)[number]> {
  const { rows } = await sql<{
    name: string
  }>`select collation_name as name from information_schema.collations where collation_name in (${sql.join([...NO_PAD_BINARY_COLLATIONS])})`.execute(
    db,
  )
  const found = NO_PAD_BINARY_COLLATIONS.find((c) => rows.some((r) => r.name === c))
  if (!found)
    throw new Error('the server has no NO PAD binary utf8mb4 collation (needs MariaDB >= 10.2 or MySQL >= 8.0)')
  return found
}

function errno(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'errno' in error ? error.errno : undefined
}

const ER_DUP_KEYNAME = 1061
const ER_DUP_ENTRY = 1062
const ER_DUP_ENTRY_WITH_KEY_NAME = 1586

/** The MySQL/MariaDB dialect of the SQL storage adapter. */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  // A failed statement (e.g. a duplicate key) rolls back only itself in InnoDB.
  updateReturning: false,
  savepointPerWrite: false,
  lateralLookups: false,
  usesLiveMarker: true,

  columnType(column) {
    switch (column.type) {
      case 'string':
        // The collation comes from the table default (see tableOptions).
        return sql`varchar(${sql.raw(String(Math.trunc(column.maxLength ?? 255)))})`
      case 'text':
        return sql`longtext`
      case 'integer':
        return sql`bigint`
      case 'number':
        return sql`double`
      case 'timestamp':
        return sql`varchar(24)`
      case 'date':
        return sql`varchar(10)`
      case 'stringArray':
      case 'json':
        return sql`json`
    }
  },

  async tableOptions(db) {
    const collation = await binaryCollation(db)
    // `collation` is one of the constants above, never caller input.
    return sql`engine = InnoDB default charset = utf8mb4 collate = ${sql.raw(collation)}`
  },

  async createIndex(db, index) {
    // MySQL 8 has no CREATE INDEX IF NOT EXISTS: create and treat "duplicate key name" as done.
    const columns = index.liveOnly ? [...index.columns, LIVE_MARKER_COLUMN] : [...index.columns]
    let builder = db.schema.createIndex(index.name).on(index.table).columns(columns)
    if (index.unique) builder = builder.unique()
    try {
      await builder.execute()
    } catch (error) {
      if (errno(error) !== ER_DUP_KEYNAME) throw error
    }
  },

  isUniqueViolation(error) {
    const n = errno(error)
    return n === ER_DUP_ENTRY || n === ER_DUP_ENTRY_WITH_KEY_NAME
  },

  bindNumber(value) {
    return sql`${value}`
  },

  bindBoolean(value) {
    return sql`${value ? 1 : 0}`
  },

  jsonMember(json, key) {
    return sql`json_extract(${json}, concat('$.', json_quote(${jsonKey(key)})))`
  },

  jsonScalar(member, type) {
    switch (type) {
      case 'number':
        return sql`(case when json_type(${member}) in ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', 'DECIMAL') then cast(json_unquote(${member}) as double) end)`
      case 'boolean':
        return sql`(case when json_type(${member}) = 'BOOLEAN' then json_unquote(${member}) = 'true' end)`
      case 'date':
        // Only YYYY-MM-DD strings are dates, as in the evaluator.
        return sql`(case when json_type(${member}) = 'STRING' and cast(json_unquote(${member}) as binary) regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then cast(json_unquote(${member}) as binary) end)`
      default:
        return sql`(case when json_type(${member}) = 'STRING' then cast(json_unquote(${member}) as binary) end)`
    }
  },

  jsonArrayHasAny(array, values) {
    // JSON_CONTAINS compares unescaped JSON strings exactly (case- and space-sensitive).
    const tests = sql.join(
      values.map((v) => sql`json_contains(${array}, json_quote(${v}))`),
      sql` or `,
    )
    return sql`(case when json_type(${array}) = 'ARRAY' then (${tests}) else false end)`
  },

  stringArrayHasAny(array, _tenantColumn, _tenantId, values) {
    // The column always holds an array: no JSON_TYPE guard around JSON_CONTAINS.
    return sql`(${sql.join(
      values.map((v) => sql`json_contains(${array}, json_quote(${v}))`),
      sql` or `,
    )})`
  },

  jsonArrayNonEmpty(array) {
    // Only string elements count, as in the evaluator: [1, null] is "not set".
    return sql`(case when json_type(${array}) = 'ARRAY' then exists (select 1 from json_table(${array}, '$[*]' columns (v json path '$')) as jt where json_type(jt.v) = 'STRING') else false end)`
  },

  // Binary operands make LOCATE/LEFT/RIGHT case-sensitive and byte-exact; UTF-8 is
  // self-synchronising, so byte substrings are code-point substrings.
  textContains(text, needle) {
    return sql`(locate(cast(${needle} as binary), cast(${text} as binary)) > 0)`
  },

  textStartsWith(text, prefix) {
    return sql`(left(cast(${text} as binary), length(cast(${prefix} as binary))) = cast(${prefix} as binary))`
  },

  textEndsWith(text, suffix) {
    return sql`(right(cast(${text} as binary), length(cast(${suffix} as binary))) = cast(${suffix} as binary))`
  },

  foldCase(text) {
    // LOWER() folds by the charset's Unicode rules (and not at all on binary strings), so
    // replace the 26 ASCII capitals byte-wise: UTF-8 never uses 0x41-0x5A inside a
    // multi-byte character, so this changes exactly the letters A-Z.
    let folded = sql`cast(${text} as binary)`
    for (const upper of ASCII_UPPER)
      folded = sql`replace(${folded}, ${sql.raw(`'${upper}'`)}, ${sql.raw(`'${upper.toLowerCase()}'`)})`
    return folded
  },

  keysetAfter(key, value, id, cursorId, direction) {
    // MySQL/MariaDB do not turn a row-value `>` into an index range; `key >= v` is one, and
    // the rest only filters the rows tied with v (the index ends with the primary key).
    const [cmp, cmpOrEq] = direction === 'asc' ? [sql`>`, sql`>=`] : [sql`<`, sql`<=`]
    return sql`(${key} ${cmpOrEq} ${value} and (${key} ${cmp} ${value} or ${id} ${cmp} ${cursorId}))`
  },

  ignoreDuplicateLinks(insert, leftColumn) {
    // Not INSERT IGNORE: that would also swallow truncation and other errors.
    return insert.onDuplicateKeyUpdate({ [leftColumn]: sql.ref(leftColumn) })
  },

  jsonArrayAgg(expr) {
    return sql`coalesce(json_arrayagg(${expr}), json_array())`
  },

  parseJson(value) {
    // MariaDB's JSON is LONGTEXT (a string); MySQL 8's driver already parses JSON.
    return typeof value === 'string' ? JSON.parse(value) : value
  },

  orderedConcat(expr, orderBy, separator) {
    return sql`group_concat(${expr} order by ${orderBy} separator ${sql.raw(`'${separator}'`)})`
  },

  toDouble(expr) {
    return sql`cast(${expr} as double)`
  },

  async prepareStringAggregation(db) {
    // The default limit (1 KiB) would silently truncate long journeys.
    await sql`set session group_concat_max_len = 4294967295`.execute(db)
  },
}
