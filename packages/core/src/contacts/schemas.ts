/**
 * Contact inputs. Callers may set exactly these fields; anything else (`id`, `version`,
 * `createdAt`, a typo...) is refused by the strict object, so it is never written.
 */
import * as z from 'zod/mini'
import { addressFields } from '../shared/address.js'
import { customInput, email, hostId, idSet, nullish, tags, text } from '../shared/schemas.js'

/** Lifecycle stages of a contact, from first touch to advocate. */
export const lifecycleStages = [
  'subscriber',
  'lead',
  'marketingQualifiedLead',
  'salesQualifiedLead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const

/** Schema of {@link LifecycleStage}. */
export const lifecycleStageSchema = z.enum(lifecycleStages)

/** Where a contact is in the customer lifecycle. */
export type LifecycleStage = z.infer<typeof lifecycleStageSchema>

const fields = {
  /** Trimmed and lowercased; unique among the tenant's live contacts. */
  email: nullish(email),
  firstName: nullish(text(255)),
  lastName: nullish(text(255)),
  phone: nullish(text(64)),
  title: nullish(text(255)),
  /** Default `lead`. */
  lifecycleStage: z.optional(lifecycleStageSchema),
  ownerId: nullish(hostId),
  tags: z.optional(tags),
  ...addressFields,
  /** Values of the tenant's contact custom fields. */
  custom: z.optional(customInput),
  /** Companies the contact works for (must exist in the tenant). In a patch: the new full set. */
  companyIds: z.optional(idSet),
}

/** Input of `contacts.create` (and of each `importMany` row). */
export const contactInputSchema = z.strictObject(fields)

/** Input of `contacts.update`: any subset of the fields; `null` clears a field. */
export const contactPatchSchema = z.strictObject(fields)

/** Input of `contacts.create`. */
export type ContactInput = z.input<typeof contactInputSchema>

/** Input of `contacts.update`. `custom` is merged key by key (`null` removes a key). */
export type ContactPatch = z.input<typeof contactPatchSchema>
