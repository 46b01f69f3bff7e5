/**
 * The zod/mini schema of the filter tree's *shape*, for embedding in other input schemas
 * (`list({ where })`) and for JSON-schema generation. It checks structure only: whether a
 * field exists, whether an operator suits its type and whether values are well-typed depend
 * on the table and the tenant's custom fields, and are checked by `resolveFilter`, which
 * reports every problem with its exact path.
 */
import * as z from 'zod/mini'
import { storableText } from '../shared/storable.js'
import type { FilterNode, FilterOperator } from './types.js'

/** Every operator a condition may use. */
export const filterOperators = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'endsWith',
  'isSet',
  'isNotSet',
  'withinLast',
  'olderThan',
  'withinNext',
  'beyondNext',
  'eqi',
  'containsi',
  'startsWithi',
  'endsWithi',
] as const satisfies readonly FilterOperator[]

// Strings a filter compares with are held to the rule for stored text: PostgreSQL would refuse a NUL parameter.
const scalar = z.union([z.string().check(storableText()), z.number(), z.boolean(), z.date()])

const conditionSchema = z.strictObject({
  field: z.string().check(z.minLength(1)),
  op: z.enum(filterOperators),
  value: z.optional(z.union([scalar, z.array(scalar), z.strictObject({ days: z.number() })])),
})

/**
 * Recursive schema of a {@link FilterNode}: `{ all: [...] } | { any: [...] } | { not: node }
 * | { inSegment } | { field, op, value? }`, each a strict object (unknown keys are rejected).
 *
 * @example
 * const listInput = z.strictObject({ where: z.optional(filterNodeSchema) })
 */
export const filterNodeSchema: z.ZodMiniType<FilterNode> = z.union([
  z.strictObject({
    get all() {
      return z.array(filterNodeSchema)
    },
  }),
  z.strictObject({
    get any() {
      return z.array(filterNodeSchema)
    },
  }),
  z.strictObject({
    get not() {
      return filterNodeSchema
    },
  }),
  z.strictObject({ inSegment: z.string().check(z.minLength(1), z.maxLength(36)) }),
  conditionSchema,
])
