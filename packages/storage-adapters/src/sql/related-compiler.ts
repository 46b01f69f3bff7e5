/**
 * Compiles a related condition (`{ related: 'activities', ... }`, `company.industry`) into a
 * semi-join on the owner's key, selecting the rows core's `relatedEvaluator` selects:
 *
 *   owner.key IN (SELECT key FROM related WHERE tenant AND live AND where GROUP BY key HAVING measure op v)
 *
 * - every table in the subquery is filtered by the tenant, and soft-deleted rows never count;
 * - when "no related records" satisfies the comparison (`count = 0`, `count < 3`, `sum <= 100`),
 *   the condition is the complement: owner.key NOT IN (the keys whose measure fails it), so a row
 *   without any related record is counted in without the database enumerating it; Postgres gets
 *   NOT EXISTS instead (an anti-join: its NOT IN cannot use one);
 * - the subquery's keys are never NULL and a NULL owner key (a deal without a company) is
 *   tested explicitly, so the condition is TRUE or FALSE, never UNKNOWN, like in memory;
 * - sum over no values is 0 (`coalesce`); min/max/avg over no values is NULL, which fails
 *   HAVING: such owners are not in the set, and "no records" never satisfies them.
 */
import type { FilterScalar, ResolvedFilter, ResolvedRelated } from '@crmkit/core/storage'
import { compareMeasure, links, relationOf } from '@crmkit/core/storage'
import { sql } from 'kysely'
import type { Condition, Fragment } from './dialect.js'
import { type FilterCompileContext, invalid, param, ref, scalarSource } from './filter-sources.js'
import { sqlLinkTable, sqlTableName, tableDefinition } from './names.js'

type Compile = (filter: ResolvedFilter, ctx: FilterCompileContext) => Condition

const TRUE: Condition = sql`(1 = 1)`

/** `measure op value` in SQL; `value` is bound with the measure's type. */
function comparison(measure: Fragment, node: ResolvedRelated, type: string, ctx: FilterCompileContext): Condition {
  const p = (v: FilterScalar) => param(type, v, ctx.dialect)
  const v = node.value
  if (node.op === 'between') {
    const [lo, hi] = v as readonly [FilterScalar, FilterScalar]
    return sql`(${measure} >= ${p(lo)} and ${measure} <= ${p(hi)})`
  }
  const one = p(v as FilterScalar)
  switch (node.op) {
    case 'eq':
      return sql`(${measure} = ${one})`
    case 'neq':
      return sql`(${measure} <> ${one})`
    case 'lt':
      return sql`(${measure} < ${one})`
    case 'lte':
      return sql`(${measure} <= ${one})`
    case 'gt':
      return sql`(${measure} > ${one})`
    case 'gte':
      return sql`(${measure} >= ${one})`
    default:
      return invalid(`unknown comparison ${String(node.op)}`)
  }
}

/**
 * Whether the keys to test need no GROUP BY: a count comparison that (complemented when
 * `negate`) holds exactly when the count is at least one (`>= 1`, `> 0`, `= 0`...). Beyond its
 * largest bound plus one, a comparison of counts no longer changes, so checking up to there
 * decides it.
 */
function isAnyCount(node: ResolvedRelated, negate: boolean): boolean {
  if (node.measure.fn !== 'count') return false
  const bounds = (Array.isArray(node.value) ? node.value : [node.value]) as readonly number[]
  const top = Math.ceil(Math.max(...bounds)) + 2
  for (let n = 0; n <= top; n++) {
    if ((compareMeasure(n, node.op, node.value) !== negate) !== n >= 1) return false
  }
  return true
}

/** Compile a related condition on the rows of `ctx` (alias `r`, or `sN` when nested). */
export function compileRelated(node: ResolvedRelated, ctx: FilterCompileContext, compile: Compile): Condition {
  if (node.owner !== ctx.table.name) invalid(`related condition of ${node.owner} compiled on ${ctx.table.name}`)
  const relation = relationOf(node.owner, node.relation)
  if (relation === undefined || relation.table !== node.table) invalid(`unknown relation ${node.relation}`)
  const depth = (ctx.depth ?? 0) + 1
  const s = `s${depth}`
  const def = tableDefinition(relation.table)
  const inner: FilterCompileContext = { ...ctx, table: def, alias: s, depth }
  const table = sql`${sql.table(sqlTableName(def.name))} as ${sql.id(s)}`
  const live = def.softDelete ? sql` and ${ref(inner, 'deletedAt')} is null` : sql``
  const where = node.where.kind === 'all' && node.where.nodes.length === 0 ? TRUE : compile(node.where, inner)

  // The related rows, the key that ties them to an owner, and the owner's side of it.
  let from: Fragment
  let key: Fragment
  let owner: Fragment
  let ownerNullable = false
  const join = relation.join
  if (join.kind === 'foreign') {
    key = ref(inner, join.column)
    owner = ref(ctx, 'id')
    from = sql`${table} where ${ref(inner, 'tenantId')} = ${ctx.tenantId}${live} and ${key} is not null`
  } else if (join.kind === 'reference') {
    key = ref(inner, 'id')
    owner = ref(ctx, join.column)
    ownerNullable = ctx.table.columns[join.column]?.nullable !== false
    from = sql`${table} where ${ref(inner, 'tenantId')} = ${ctx.tenantId}${live}`
  } else {
    const names = sqlLinkTable(join.link)
    const link = links[join.link]
    const ownColumn = join.own === 'left' ? names.left : names.right
    const otherColumn = join.own === 'left' ? names.right : names.left
    const lk = `k${depth}`
    key = sql.ref(`${lk}.${ownColumn}`)
    owner = ref(ctx, 'id')
    if ((join.own === 'left' ? link.right.table : link.left.table) !== def.name)
      invalid('link does not reach the table')
    from = sql`${sql.table(names.table)} as ${sql.id(lk)} join ${table} on ${ref(inner, 'tenantId')} = ${sql.ref(`${lk}.tenant_id`)} and ${ref(inner, 'id')} = ${sql.ref(`${lk}.${otherColumn}`)}${live} where ${sql.ref(`${lk}.tenant_id`)} = ${ctx.tenantId}`
  }

  const { measure } = node
  const zeroHolds = measure.fn === 'count' || measure.fn === 'sum' ? compareMeasure(0, node.op, node.value) : false
  let value: Fragment
  let type = 'number'
  if (measure.fn === 'count') value = sql`count(*)`
  else {
    const x = scalarSource(measure.target, inner)
    type = measure.target.type
    value =
      measure.fn === 'sum'
        ? sql`coalesce(sum(${x}), 0)`
        : measure.fn === 'avg'
          ? sql`avg(${x})`
          : measure.fn === 'min'
            ? sql`min(${x})`
            : sql`max(${x})`
  }
  // The keys to test the owner against: those whose measure passes (or, complemented, fails).
  const holds = comparison(value, node, type, ctx)
  const simple = isAnyCount(node, zeroHolds)
  const keys = simple
    ? sql`select ${key} as k from ${from} and ${where}`
    : sql`select ${key} as k from ${from} and ${where} group by ${key} having ${zeroHolds ? sql`not ${holds}` : holds}`

  if (!zeroHolds) {
    const test = sql`${owner} in (${keys})`
    return ownerNullable ? sql`(${owner} is not null and ${test})` : sql`(${test})`
  }
  const absent =
    ctx.dialect.name === 'postgres'
      ? simple
        ? sql`not exists (select 1 from ${from} and ${where} and ${key} = ${owner})`
        : sql`not exists (select 1 from (${keys}) as ${sql.id(`g${depth}`)} where ${sql.ref(`g${depth}.k`)} = ${owner})`
      : sql`${owner} not in (${keys})`
  return ownerNullable ? sql`(${owner} is null or ${absent})` : sql`(${absent})`
}
