/**
 * The declaration of `t.companies` (see `shared/api.ts`); {@link CompaniesService} derives from it.
 */
import { arg, defineService, mutation, returns, type ServiceOf } from '../shared/api.js'
import { idArg, readApi, softDeleteApi, writeOptionsArg } from '../shared/entity-api.js'
import type { Company } from './records.js'
import { companyInputSchema, companyPatchSchema } from './schemas.js'

/** `t.companies`, declared. */
export const companiesApi = defineService({
  /** Create a company. @throws ValidationError. */
  // Not idempotent: a repeat creates a second company (names are not unique).
  create: mutation({ args: [arg('input', companyInputSchema)], result: returns<Company>(), idempotent: false }),
  ...readApi<Company, 'company'>(),
  /** Update some fields (`expectedVersion` as for contacts). @throws NotFoundError, ValidationError, ConflictError. */
  // Not idempotent: a repeat writes the same values again as a new version with a new event.
  update: mutation({
    args: [idArg, arg('patch', companyPatchSchema), writeOptionsArg],
    result: returns<Company>(),
    idempotent: false,
  }),
  ...softDeleteApi<Company>(),
})

/** `t.companies`. */
export interface CompaniesService extends ServiceOf<typeof companiesApi> {}
