/**
 * Custom field definitions: per tenant and entity, a typed extra field stored in the
 * record's `custom` JSON column (no schema change), validated on every write and
 * filterable as `custom.<key>`.
 */
import * as z from 'zod/mini'
import { type CustomFieldType, customFieldKeyPattern, customFieldTypes } from '../shared/custom-values.js'
import { listOptionsSchema } from '../shared/list.js'
import { name } from '../shared/schemas.js'

/** Entities that carry custom fields. */
export const customFieldEntities = ['contact', 'company', 'deal'] as const

/** An entity that carries custom fields. */
export type CustomFieldEntity = z.infer<typeof customFieldEntitySchema>

/** Schema of {@link CustomFieldEntity}. */
export const customFieldEntitySchema = z.enum(customFieldEntities)

/** Types whose values are picked from `options`. */
export const withOptions: ReadonlySet<CustomFieldType> = new Set<CustomFieldType>(['select', 'multiselect'])

/** The allowed values of a select/multiselect field: 1..1000 unique labels. */
export const optionList = z.array(name(255)).check(
  z.minLength(1),
  z.maxLength(1000),
  z.refine((list: string[]) => new Set(list).size === list.length, { error: 'Options must be unique' }),
)

/** Input of `customFields.define`. */
export const customFieldDefineSchema = z
  .strictObject({
    entity: customFieldEntitySchema,
    key: z.string().check(
      z.regex(customFieldKeyPattern, {
        error: 'Expected a key like "plan" or "renewalDate": a lowercase letter, then letters, digits or _ (max 64)',
      }),
    ),
    label: name(255),
    type: z.enum(customFieldTypes),
    /** Allowed values of `select` / `multiselect` fields (required for them, refused otherwise). */
    options: z.optional(optionList),
    /** Whether every record of the entity must have a value. Default `false`. */
    required: z.optional(z.boolean()),
    /**
     * Ask the storage adapter for a database index on this field, so filters and sorts on
     * `custom.<key>` seek instead of scanning (SQL adapters; others ignore it). Not for
     * multiselect fields. Default `false`.
     */
    indexed: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (withOptions.has(value.type) && value.options === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: `A ${value.type} field needs options`,
          input: value,
        })
      }
      if (value.indexed === true && value.type === 'multiselect') {
        ctx.addIssue({
          code: 'custom',
          path: ['indexed'],
          message: 'A multiselect field cannot be indexed',
          input: value,
        })
      }
      if (!withOptions.has(value.type) && value.options !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['options'],
          message: `A ${value.type} field takes no options`,
          input: value,
        })
      }
    }),
  )

/** Input of `customFields.define`. */
export type CustomFieldDefineInput = z.input<typeof customFieldDefineSchema>

/** Options of `customFields.list`: those of every list, plus the entity. */
export const customFieldListOptionsSchema = z.extend(listOptionsSchema, {
  /** Only the definitions of this entity. */
  entity: z.optional(customFieldEntitySchema),
})

/** Options of `customFields.list`. */
export type CustomFieldListOptions = z.input<typeof customFieldListOptionsSchema>
