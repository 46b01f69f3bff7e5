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

const comparisonOps = z.enum(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between'])
const comparisonValue = z.union([z.number(), z.tuple([z.number(), z.number()])])
const windowSchema = z.strictObject({
  field: z.optional(z.string()),
  lastDays: z.optional(z.number()),
  nextDays: z.optional(z.number()),
  from: z.optional(z.union([z.string(), z.date()])),
  to: z.optional(z.union([z.string(), z.date()])),
})

/**
 * Recursive schema of a {@link FilterNode}: `{ all: [...] } | { any: [...] } | { not: node }
 * | { inSegment } | { field, op, value? } | { related, where?, within?, count? | aggregate? | first? | last? }`,
 * each a strict object (unknown keys are rejected).
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
  z.strictObject({
    related: z.string(),
    get where() {
      return z.optional(filterNodeSchema)
    },
    within: z.optional(windowSchema),
    count: z.optional(z.strictObject({ op: comparisonOps, value: comparisonValue })),
    aggregate: z.optional(
      z.strictObject({
        fn: z.enum(['sum', 'min', 'max', 'avg']),
        field: z.string(),
        currency: z.optional(z.string()),
        op: comparisonOps,
        value: comparisonValue,
      }),
    ),
    first: z.optional(windowSchema),
    last: z.optional(windowSchema),
  }),
])
