/**
 * Company inputs. Only these fields can be set; anything else is refused.
 */
import * as z from 'zod/mini'
import { addressFields } from '../shared/address.js'
import { customInput, hostId, name, nullish, tags, text } from '../shared/schemas.js'
import { storableText } from '../shared/storable.js'

/** Input of `companies.create`. */
export const companyInputSchema = z.strictObject({
  name: name(255),
  /** Web domain, trimmed and lowercased (`acme.com`). */
  domain: nullish(
    z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(255, { abort: true }), storableText()),
  ),
  industry: nullish(text(255)),
  /** Number of employees. */
  size: nullish(z.int().check(z.gte(0))),
  ownerId: nullish(hostId),
  tags: z.optional(tags),
  ...addressFields,
  /** Values of the tenant's company custom fields. */
  custom: z.optional(customInput),
})

/** Input of `companies.update`: any subset of the fields; `null` clears an optional field. */
export const companyPatchSchema = z.partial(companyInputSchema)

/** Input of `companies.create`. */
export type CompanyInput = z.input<typeof companyInputSchema>

/** Input of `companies.update`. `custom` is merged key by key (`null` removes a key). */
export type CompanyPatch = z.input<typeof companyPatchSchema>
