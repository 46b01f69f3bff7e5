/**
 * Inputs of the read-only insights service (`t.insights`): the group-by cube and the
 * stage-transition log. Types are inferred from the schemas.
 */
import * as z from 'zod/mini'
import type { FilterNode } from '../filter/types.js'
import { pageOptions } from '../shared/list.js'
import { idRef, timestamp } from '../shared/schemas.js'

/** Entities a cube can aggregate. */
export const cubeEntities = ['deals', 'contacts', 'companies', 'activities', 'tasks'] as const

/** An entity a cube can aggregate. */
export type CubeEntity = (typeof cubeEntities)[number]

/** Truncations of a timestamp or date field used as a dimension. */
export const cubeGranularities = ['day', 'month', 'year'] as const

/** Aggregate functions of a cube measure. */
export const cubeFunctions = ['count', 'sum', 'avg', 'min', 'max'] as const

/** Output names: identifiers, so they are safe as object keys and column aliases. */
const outputName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { error: 'Expected an identifier' }))

const fieldName = z.string().check(z.minLength(1), z.maxLength(128))

/** A dimension: a field name, or a timestamp/date field truncated to a granularity. */
export const cubeDimensionSchema = z.union([
  fieldName,
  z.strictObject({ field: fieldName, granularity: z.enum(cubeGranularities) }),
])

/** A measure: `count` (of rows, or of a field's non-NULL values) or `sum`/`avg`/`min`/`max` of a field. */
export const cubeMeasureSchema = z.strictObject({
  fn: z.enum(cubeFunctions),
  /** Required except for `count`. `sum`/`avg` need a number field (e.g. a deal's `amount`). */
  field: z.optional(fieldName),
  /** Name of the measure in each result row. */
  as: outputName,
})

/** Options of `t.insights.cube`. */
export const cubeOptionsSchema = z.strictObject({
  entity: z.enum(cubeEntities),
  /** Rows to aggregate (the list filter language of the entity); default all live rows. */
  where: z.optional(z.custom<FilterNode>()),
  /** Up to 3 group keys; none gives one total row. */
  dimensions: z.optional(z.array(cubeDimensionSchema).check(z.maxLength(3))),
  /** At least one measure. */
  measures: z.array(cubeMeasureSchema).check(z.minLength(1), z.maxLength(16)),
})

/** Options of `t.insights.cube`. */
export type CubeOptions = z.input<typeof cubeOptionsSchema>
/** A dimension of a cube. */
export type CubeDimension = z.input<typeof cubeDimensionSchema>
/** A measure of a cube. */
export type CubeMeasure = z.input<typeof cubeMeasureSchema>

/** Options of `t.insights.transitions` (and `allTransitions`). */
export const transitionOptionsSchema = z.strictObject({
  /** Only moves within this pipeline. */
  pipelineId: z.optional(idRef),
  /** Only moves at or after this instant (inclusive). */
  from: z.optional(timestamp),
  /** Only moves before this instant (exclusive). */
  to: z.optional(timestamp),
  /** Page size 1..1000, default 1000. */
  limit: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  /** `nextCursor` of the previous page. */
  cursor: z.optional(z.string().check(z.maxLength(4096))),
  ...pageOptions,
})

/** Options of `t.insights.transitions`. */
export type TransitionOptions = z.input<typeof transitionOptionsSchema>
