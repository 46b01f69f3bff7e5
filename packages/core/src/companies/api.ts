/**
 * The declaration of `t.companies` (see `shared/api.ts`); {@link CompaniesService} derives from it.
 */
import { arg, defineService, mutation, returns, type ServiceOf } from '../shared/api.js'
import { idArg, readApi, softDeleteApi, updateManyMethod, writeOptionsArg } from '../shared/entity-api.js'
import type { Company } from './records.js'
import { type CompanyPatch, companyInputSchema, companyPatchSchema } from './schemas.js'

/** `t.companies`, declared. */
export const companiesApi = defineService({
  /** Create a company. @throws ValidationError. */
  // Not idempotent: a repeat creates a second company (names are not unique).
  create: mutation({ args: [arg('input', companyInputSchema)], result: returns<Company>(), idempotent: false }),
  ...readApi<Company, 'company'>(),
  /** Update some fields (`expectedVersion` and no-op patches as for contacts). @throws NotFoundError, ValidationError, ConflictError. */
  // Idempotent: a repeat finds the values already stored and writes nothing (same version, no event).
  update: mutation({
    args: [idArg, arg('patch', companyPatchSchema), writeOptionsArg],
    result: returns<Company>(),
    idempotent: true,
  }),
  ...softDeleteApi<Company>(),
  /**
   * Set the same fields on every live company matching `where`: `set` is validated like
   * `update`'s patch. Each batch of up to `batchSize` companies (default 500, max 1000) is one
   * transaction; a company whose values already equal `set` is left alone (no new version, no
   * event); each changed company emits `company.updated` after its batch commits. If a batch
   * fails, earlier batches stay written: calling again with the same input finishes the job,
   * as the companies already updated are then unchanged.
   * @throws ValidationError for bad input (nothing written).
   */
  // Idempotent: a repeat finds the companies already updated unchanged and writes nothing.
  updateMany: updateManyMethod<CompanyPatch>(),
})

/** `t.companies`. */
export interface CompaniesService extends ServiceOf<typeof companiesApi> {}
