/**
 * The declaration of `t.customFields` (see `shared/api.ts`); {@link CustomFieldsService} derives from it.
 */
import { arg, defineService, mutation, optional, query, returns, type ServiceOf, typedArg } from '../shared/api.js'
import { idArg, writeOptionsArg } from '../shared/entity-api.js'
import { type CountOptions, countOptionsSchema, type Page } from '../shared/list.js'
import type { CustomFieldDefinition } from './records.js'
import { customFieldDefineSchema, customFieldListOptionsSchema } from './schemas.js'
import { customFieldPatchSchema } from './update.js'

/** `t.customFields`, declared. */
export const customFieldsApi = defineService({
  /**
   * Define a custom field. Its key is unique per entity among live definitions.
   * @throws ValidationError for bad input; ConflictError when the key is taken.
   */
  // Idempotent: the key is required and unique, so a repeat is a ConflictError that writes nothing.
  define: mutation({
    args: [arg('input', customFieldDefineSchema)],
    result: returns<CustomFieldDefinition>(),
    idempotent: true,
  }),
  /**
   * One page of definitions, oldest first by default: of one `entity` (or all), matching
   * `where` (fields: `entity`, `key`, `label`, `type`, `id`, `createdAt`, `updatedAt`).
   */
  list: query({
    args: [optional('options', customFieldListOptionsSchema)],
    result: returns<Page<CustomFieldDefinition>>(),
  }),
  /** Number of definitions matching `where`. */
  count: query({
    args: [typedArg<CountOptions>()(optional('options', countOptionsSchema))],
    result: returns<number>(),
  }),
  /**
   * Change a definition's `label`, or the `options` of a select/multiselect field (the new
   * full list: add, reorder, remove). `key`, `type`, `entity` and `required` cannot change
   * (define a new field instead). Removing an option that live records still hold is
   * refused, naming the option and how many records hold it: change those values first.
   * A patch that changes nothing keeps the version. Values are checked against the new
   * options from the next write on.
   * @throws NotFoundError, ValidationError, ConflictError (stale `expectedVersion`).
   */
  // Idempotent: a repeat finds the values already set and keeps the version.
  update: mutation({
    args: [idArg, arg('patch', customFieldPatchSchema), writeOptionsArg],
    result: returns<CustomFieldDefinition>(),
    idempotent: true,
  }),
  /**
   * Delete a definition. Values already stored stay in records' `custom` objects (they
   * can be removed with a patch `{ custom: { key: null } }`) but are no longer filterable.
   * @throws NotFoundError when absent.
   */
  // Idempotent: a repeat finds no live definition (NotFoundError) and writes nothing.
  delete: mutation({ args: [idArg], result: returns<CustomFieldDefinition>(), idempotent: true }),
})

/** `t.customFields`. */
export interface CustomFieldsService extends ServiceOf<typeof customFieldsApi> {}
