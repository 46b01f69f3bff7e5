/**
 * The declaration of `t.customFields` (see `shared/api.ts`); {@link CustomFieldsService} derives from it.
 */
import { arg, defineService, mutation, optional, query, returns, type ServiceOf } from '../shared/api.js'
import { idArg } from '../shared/entity-api.js'
import type { CustomFieldDefinition } from './records.js'
import { customFieldDefineSchema, customFieldEntitySchema } from './schemas.js'

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
  /** Definitions of one entity (or all), oldest first. */
  list: query({ args: [optional('entity', customFieldEntitySchema)], result: returns<CustomFieldDefinition[]>() }),
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
