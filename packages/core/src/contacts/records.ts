/**
 * The contact record and its storage form.
 */
import type { CustomValues } from '../custom-fields/validate.js'
import { type Address, addressColumns, toAddress } from '../shared/address.js'
import { base, json, type RecordBase, sortedIds, str, strings, strOrNull } from '../shared/rows.js'
import type { StorageRow } from '../storage/port.js'
import type { LifecycleStage } from './schemas.js'

/** A person the tenant has a relationship with. */
export interface Contact extends RecordBase, Address {
  readonly email: string | null
  readonly firstName: string | null
  readonly lastName: string | null
  readonly phone: string | null
  readonly title: string | null
  readonly lifecycleStage: LifecycleStage
  /** The host's id of the user who owns the contact. */
  readonly ownerId: string | null
  readonly tags: string[]
  readonly custom: CustomValues
  /** Linked companies, ascending. */
  readonly companyIds: string[]
}

/** Read a contact row (with its hydrated `companyIds`). */
export function toContact(row: StorageRow, companyIds?: Iterable<string>): Contact {
  return Object.assign(base(row), {
    email: strOrNull(row, 'email'),
    firstName: strOrNull(row, 'firstName'),
    lastName: strOrNull(row, 'lastName'),
    phone: strOrNull(row, 'phone'),
    title: strOrNull(row, 'title'),
    lifecycleStage: str(row, 'lifecycleStage') as LifecycleStage,
    ownerId: strOrNull(row, 'ownerId'),
    tags: strings(row, 'tags'),
    custom: json(row, 'custom') as CustomValues,
    ...toAddress(row),
    companyIds: companyIds === undefined ? strings(row, 'companyIds') : sortedIds(companyIds),
  })
}

/** Column names of a contact that a patch may set (everything but links and `custom`). */
export const contactColumns = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'title',
  'lifecycleStage',
  'ownerId',
  'tags',
  ...addressColumns,
] as const
