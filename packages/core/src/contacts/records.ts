/**
 * The contact record and its storage form.
 */

import { type Address, addressColumns, toAddress } from '../shared/address.js'
import type { CustomValues } from '../shared/custom-values.js'
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

// The events of contacts, added to the one event map (`CrmEventMap` in events/types.ts). Each
// domain folder declares its own events here, in the module that defines their payloads, so
// the events layer names no domain (see .dependency-cruiser.cjs); this module is always part
// of a program that sees the map, because the public entry re-exports it.
declare module '../events/types.js' {
  interface CrmEventMap {
    'contact.created': { readonly contact: Contact }
    /** `changes` lists the fields the write set (not necessarily to a different value). */
    'contact.updated': { readonly contact: Contact; readonly changes: readonly string[] }
    'contact.deleted': { readonly contact: Contact }
    'contact.restored': { readonly contact: Contact }
  }
}
