/**
 * Compiles a {@link ResolvedFilter} into one parameterised SQL condition over the row alias
 * `r`, selecting exactly the rows core's in-memory `evaluateFilter` selects.
 *
 * How the semantics of `filter/types.ts` are reproduced:
 * - three-valued logic is SQL's own: comparisons with NULL are UNKNOWN, `NOT UNKNOWN` is
 *   UNKNOWN, and WHERE keeps only TRUE rows;
 * - strings compare by code point through the binary collations set up by the migrations
 *   (and binary casts/`COLLATE "C"` for values read out of JSON);
 * - a custom field is NULL unless the key holds a JSON value of the field's type (a JSON
 *   null, an absent key or a value of another JSON type all count as "not set");
 * - case-insensitive operators compare both sides after ASCII folding (A-Z -> a-z), which
 *   each dialect computes exactly (`SqlDialect.foldCase`); they use position functions, not
 *   LIKE, so `%`, `_` and `\` in values are ordinary characters;
 * - array conditions (tags, multiselect custom fields, link fields) are built to be TRUE or
 *   FALSE, never UNKNOWN, so `not` flips them.
 * Values are always bound parameters; identifiers come from core's table definitions.
 */

import type { FilterScalar, ResolvedFilter } from '@crmkit/core/storage'
import { foldCase, UnsupportedError } from '@crmkit/core/storage'
import { sql } from 'kysely'
import type { Condition, Fragment } from './dialect.js'
import { arraySource, type FilterCompileContext, invalid, param, ref, scalarSource } from './filter-sources.js'
import { linkFieldSql, livePartnerJoin } from './links.js'
import { compileRelated } from './related-compiler.js'
import { couldBeStored } from './storable-keys.js'

export type { FilterCompileContext } from './filter-sources.js'

type ResolvedCondition = Extract<ResolvedFilter, { kind: 'condition' }>

const TRUE: Condition = sql`(1 = 1)`
const FALSE: Condition = sql`(1 = 0)`

/** Compile a resolved filter to a SQL condition on the row alias `r`. */
export function compileFilter(filter: ResolvedFilter, ctx: FilterCompileContext): Condition {
  switch (filter.kind) {
    case 'all':
      return filter.nodes.length === 0
        ? TRUE
        : balanced(
            filter.nodes.map((n) => compileFilter(n, ctx)),
            sql` and `,
          )
    case 'any':
      return filter.nodes.length === 0
        ? FALSE
        : balanced(
            filter.nodes.map((n) => compileFilter(n, ctx)),
            sql` or `,
          )
    case 'not':
      return sql`(not ${compileFilter(filter.node, ctx)})`
    case 'condition':
      return compileCondition(filter, ctx)
    case 'related':
      return compileRelated(filter, ctx, compileFilter)
    default:
      return invalid('unknown node kind')
  }
}

/** Terms joined flat, at most this many: a flat `a or b or c` nests one level per term in SQLite's parser. */
const FLAT_TERMS = 8

/**
 * `terms` joined with `op`, parenthesised as a balanced tree of flat runs. SQLite parses
 * `a or b or c ...` into a left-deep tree and refuses one deeper than 1,000 ("Expression tree is too
 * large"), so a documented 1,000-condition `any` failed there; balanced, its depth is about
 * 8 + 2·log2(n / 8), and AND/OR being associative, the meaning is the same.
 */
function balanced(terms: readonly Condition[], op: Condition): Condition {
  if (terms.length <= FLAT_TERMS) return sql`(${sql.join(terms, op)})`
  const middle = Math.ceil(terms.length / 2)
  return sql`(${balanced(terms.slice(0, middle), op)}${op}${balanced(terms.slice(middle), op)})`
}

function compileCondition(cond: ResolvedCondition, ctx: FilterCompileContext): Condition {
  const { target } = cond
  if (target.source === 'link') return linkCondition(cond, target.field, ctx)
  if (target.type === 'stringArray') return arrayCondition(cond, arraySource(target, ctx), ctx)
  return scalarCondition(cond, scalarSource(target, ctx), target.type, ctx)
}

function scalarValue(cond: ResolvedCondition): FilterScalar {
  const v = cond.value
  if (v === undefined || Array.isArray(v)) return invalid(`${cond.op} needs one value`)
  return v as FilterScalar
}

function listValue(cond: ResolvedCondition, length?: number): readonly FilterScalar[] {
  const v = cond.value
  if (!Array.isArray(v) || v.length === 0 || (length !== undefined && v.length !== length)) {
    return invalid(`${cond.op} needs ${length ?? 'a non-empty list of'} values`)
  }
  return v as readonly FilterScalar[]
}

function stringValue(value: FilterScalar, op: string): string {
  return typeof value === 'string' ? value : invalid(`${op} needs a string value`)
}

function scalarCondition(cond: ResolvedCondition, expr: Fragment, type: string, ctx: FilterCompileContext): Condition {
  const p = (v: FilterScalar) => param(type, v, ctx.dialect)
  switch (cond.op) {
    case 'isSet':
      return sql`(${expr} is not null)`
    case 'isNotSet':
      return sql`(${expr} is null)`
    case 'eq': {
      const value = scalarValue(cond)
      return !couldBeStored(value) ? FALSE : sql`(${expr} = ${p(value)})`
    }
    case 'neq':
      return sql`(${expr} <> ${p(scalarValue(cond))})`
    case 'lt':
      return sql`(${expr} < ${p(scalarValue(cond))})`
    case 'lte':
      return sql`(${expr} <= ${p(scalarValue(cond))})`
    case 'gt':
      return sql`(${expr} > ${p(scalarValue(cond))})`
    case 'gte':
      return sql`(${expr} >= ${p(scalarValue(cond))})`
    case 'between': {
      const [low, high] = listValue(cond, 2) as [FilterScalar, FilterScalar]
      return sql`(${expr} >= ${p(low)} and ${expr} <= ${p(high)})`
    }
    case 'in': {
      const values = listValue(cond).filter(couldBeStored)
      return values.length === 0 ? FALSE : sql`(${expr} in (${sql.join(values.map(p))}))`
    }
    case 'notIn':
      return sql`(${expr} not in (${sql.join(listValue(cond).map(p))}))`
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      if (type === 'number' || type === 'boolean') invalid(`${cond.op} applies to strings only`)
      const needle = stringValue(scalarValue(cond), cond.op)
      if (cond.op === 'contains') return ctx.dialect.textContains(expr, needle)
      if (cond.op === 'startsWith') return ctx.dialect.textStartsWith(expr, needle)
      return ctx.dialect.textEndsWith(expr, needle)
    }
    case 'eqi':
    case 'containsi':
    case 'startsWithi':
    case 'endsWithi': {
      // Both sides ASCII-folded: the value here, the column by the dialect (core's foldCase).
      if (type === 'number' || type === 'boolean') invalid(`${cond.op} applies to strings only`)
      const needle = foldCase(stringValue(scalarValue(cond), cond.op))
      const folded = ctx.dialect.foldCase(expr)
      if (cond.op === 'eqi') return sql`(${folded} = ${needle})`
      if (cond.op === 'containsi') return ctx.dialect.textContains(folded, needle)
      if (cond.op === 'startsWithi') return ctx.dialect.textStartsWith(folded, needle)
      return ctx.dialect.textEndsWith(folded, needle)
    }
    default:
      throw new UnsupportedError(`operator ${String(cond.op)} is not supported on ${type} fields`)
  }
}

function arrayElements(cond: ResolvedCondition): readonly string[] {
  const values = cond.op === 'contains' ? [scalarValue(cond)] : listValue(cond)
  return values.map((v) => stringValue(v, cond.op))
}

function arrayCondition(cond: ResolvedCondition, array: Fragment, ctx: FilterCompileContext): Condition {
  switch (cond.op) {
    case 'contains':
    case 'in':
      return hasAny(cond, array, ctx)
    case 'notIn':
      return sql`(not ${hasAny(cond, array, ctx)})`
    case 'isSet':
      return ctx.dialect.jsonArrayNonEmpty(array)
    case 'isNotSet':
      return sql`(not ${ctx.dialect.jsonArrayNonEmpty(array)})`
    default:
      throw new UnsupportedError(`operator ${cond.op} is not supported on array fields`)
  }
}

/** Whether the array holds any of the condition's values; a column's index serves it. */
function hasAny(cond: ResolvedCondition, array: Fragment, ctx: FilterCompileContext): Condition {
  const values = arrayElements(cond)
  if (cond.target.source !== 'column') return ctx.dialect.jsonArrayHasAny(array, values)
  // No stored element holds NUL (and Postgres's jsonb refuses one in the probe value).
  const storable = values.filter(couldBeStored)
  if (storable.length === 0) return FALSE
  return ctx.dialect.stringArrayHasAny(array, ref(ctx, 'tenantId'), ctx.tenantId, storable)
}

/** EXISTS over the link table joined to live partner rows, tenant-filtered; never UNKNOWN. */
function linkCondition(cond: ResolvedCondition, name: string, ctx: FilterCompileContext): Condition {
  const field = linkFieldSql(ctx.table, name)
  if (!field) return invalid(`${ctx.table.name} has no link field ${name}`)
  const join = livePartnerJoin(field)
  const exists = (values?: readonly string[]): Condition => {
    const match = values
      ? sql` and ${sql.ref(`l.${field.other}`)} in (${sql.join(values.map((v) => sql`${v}`))})`
      : sql``
    return sql`exists (select 1 from ${sql.table(field.names.table)} as l join ${join.table} on ${join.on} where l.tenant_id = ${ctx.tenantId} and ${sql.ref(`l.${field.own}`)} = ${ref(ctx, 'id')}${match})`
  }
  switch (cond.op) {
    case 'contains':
    case 'in':
      return exists(arrayElements(cond))
    case 'notIn':
      return sql`(not ${exists(arrayElements(cond))})`
    case 'isSet':
      return exists()
    case 'isNotSet':
      return sql`(not ${exists()})`
    default:
      throw new UnsupportedError(`operator ${cond.op} is not supported on link fields`)
  }
}
