/**
 * The company record.
 */

import { type Address, addressColumns, toAddress } from '../shared/address.js'
import type { CustomValues } from '../shared/custom-values.js'
import { base, json, numOrNull, type RecordBase, str, strings, strOrNull } from '../shared/rows.js'
import type { StorageRow } from '../storage/port.js'

/** An organisation the tenant deals with. */
export interface Company extends RecordBase, Address {
  readonly name: string
  readonly domain: string | null
  readonly industry: string | null
  /** Number of employees. */
  readonly size: number | null
  readonly ownerId: string | null
  readonly tags: string[]
  readonly custom: CustomValues
  /** Linked contacts, ascending. */
  readonly contactIds: string[]
}

/** Read a company row (with its hydrated `contactIds`). */
export function toCompany(row: StorageRow): Company {
  return Object.assign(base(row), {
    name: str(row, 'name'),
    domain: strOrNull(row, 'domain'),
    industry: strOrNull(row, 'industry'),
    size: numOrNull(row, 'size'),
    ownerId: strOrNull(row, 'ownerId'),
    tags: strings(row, 'tags'),
    custom: json(row, 'custom') as CustomValues,
    ...toAddress(row),
    contactIds: strings(row, 'contactIds'),
  })
}

/** Columns a company patch may set directly. */
export const companyColumns = ['name', 'domain', 'industry', 'size', 'ownerId', 'tags', ...addressColumns] as const

// The events of companies, added to the one event map (`CrmEventMap` in events/types.ts). Each
// domain folder declares its own events here, in the module that defines their payloads, so
// the events layer names no domain (see .dependency-cruiser.cjs); this module is always part
// of a program that sees the map, because the public entry re-exports it.
declare module '../events/types.js' {
  interface CrmEventMap {
    'company.created': { readonly company: Company }
    'company.updated': { readonly company: Company; readonly changes: readonly string[] }
    'company.deleted': { readonly company: Company }
    'company.restored': { readonly company: Company }
  }
}
