/**
 * Row building for contact writes, shared by `create`/`update` and `importMany`.
 */
import type * as z from 'zod/mini'
import { mergeCustomValues } from '../custom-fields/merge.js'
import type { CustomFieldValue, CustomValues } from '../shared/custom-values.js'
import { baseRow, syncLinks } from '../shared/entity.js'
import type { WriteContext } from '../shared/scope.js'
import type { StorageRow, StorageValue } from '../storage/port.js'
import { contactColumns } from './records.js'
import type { contactInputSchema } from './schemas.js'

/** Parsed contact input (create or patch). */
export type ContactData = z.output<typeof contactInputSchema>

/** A new contact row in storage form. */
export function newContactRow(
  w: Pick<WriteContext, 'tenantId' | 'now' | 'newId'>,
  data: ContactData,
  custom: CustomValues,
): StorageRow {
  return Object.assign(baseRow(w), {
    email: data.email ?? null,
    firstName: data.firstName ?? null,
    lastName: data.lastName ?? null,
    phone: data.phone ?? null,
    title: data.title ?? null,
    lifecycleStage: data.lifecycleStage ?? 'lead',
    ownerId: data.ownerId ?? null,
    tags: data.tags ?? [],
    custom,
    country: data.country ?? null,
    region: data.region ?? null,
    city: data.city ?? null,
    postalCode: data.postalCode ?? null,
    timeZone: data.timeZone ?? null,
  })
}

/** The column patch for parsed patch `data` (custom values merged into `currentCustom`). */
export function contactPatchRow(
  data: ContactData,
  customPatch: Readonly<Record<string, CustomFieldValue | null>>,
  currentCustom: Readonly<Record<string, unknown>>,
): Record<string, StorageValue> {
  const patch: Record<string, StorageValue> = {}
  for (const column of contactColumns) {
    const value = data[column]
    if (value !== undefined) patch[column] = value
  }
  if (data.custom !== undefined) patch.custom = mergeCustomValues(currentCustom, customPatch)
  return patch
}

/** Replace a contact's company links `current` with `next`. */
export const syncCompanyLinks = (
  w: WriteContext,
  contactId: string,
  current: readonly string[],
  next: readonly string[],
) => syncLinks(w, 'contactCompanies', contactId, current, next)
