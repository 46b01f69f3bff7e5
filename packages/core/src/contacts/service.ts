/**
 * `t.contacts`: people, with their company links, custom values and lifecycle stage.
 */

import { customFieldShapes, loadCustomFieldValidator, noCustomValuesPatch } from '../custom-fields/service.js'
import { NotFoundError } from '../errors.js'
import { changedColumns, sameIds } from '../shared/changes.js'
import {
  assertUnique,
  customMode,
  type EntityKind,
  existingIds,
  getRecord,
  missingRefs,
  parseId,
  parseWithCustom,
  restoreRecord,
  softDelete,
} from '../shared/entity.js'
import { type CountOptions, countRows, type ListOptions, listPage, type Page } from '../shared/list.js'
import { json, strings } from '../shared/rows.js'
import { type WriteOptions, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext } from '../shared/scope.js'
import type { UpdateManyInput, UpdateManyOptions, UpdateManyResult } from '../shared/update-many.js'
import { parse, validationError } from '../shared/validation.js'
import type { ImportOptions, ImportResult } from './import.js'
import { type Contact, toContact } from './records.js'
import { type ContactInput, type ContactPatch, contactInputSchema, contactPatchSchema } from './schemas.js'
import { contactPatchRow, newContactRow, syncCompanyLinks } from './writes.js'

/** `t.contacts`. */
export interface ContactsService {
  /**
   * Create a contact.
   * @throws ValidationError for bad input or unknown company ids; ConflictError when a live
   *   contact of the tenant already has the email.
   */
  create(input: ContactInput): Promise<Contact>
  /** A live contact, or `null` (absent, deleted, or another tenant's). */
  get(id: string): Promise<Contact | null>
  /**
   * Update some fields. With `expectedVersion`, a concurrent change is a ConflictError;
   * without it the patch is applied to the latest version. A patch whose values equal the
   * stored ones writes nothing: same version, same `updatedAt`, no event.
   * @throws NotFoundError, ValidationError, ConflictError (`kind: 'unique'` for a taken email).
   */
  update(id: string, patch: ContactPatch, options?: WriteOptions): Promise<Contact>
  /** Soft-delete. @throws NotFoundError, ConflictError. */
  delete(id: string, options?: WriteOptions): Promise<Contact>
  /** Undo a soft delete. @throws NotFoundError, ConflictError (e.g. its email is taken again). */
  restore(id: string, options?: WriteOptions): Promise<Contact>
  /** One page of live contacts matching `where`, in `sort` order. */
  list(options?: ListOptions<'contact'>): Promise<Page<Contact>>
  /** Number of live contacts matching `where`. */
  count(options?: CountOptions<'contact'>): Promise<number>
  /**
   * Set the same fields on every live contact matching `where`: `set` is validated like
   * `update`'s patch (`email`, unique per contact, cannot be set in bulk). Each batch of up to `batchSize` contacts (default 500, max 1000)
   * is one transaction; a contact whose values already equal `set` is left alone (no new
   * version, no event); each changed contact emits `contact.updated` after its batch commits. If a
   * batch fails, earlier batches stay written: calling again with the same input finishes
   * the job, as the contacts already updated are then unchanged.
   * @throws ValidationError for bad input (nothing written).
   */
  updateMany(input: UpdateManyInput<ContactPatch>, options?: UpdateManyOptions): Promise<UpdateManyResult>
  /**
   * Upsert many contacts by email in batches (one transaction each). Invalid rows are
   * reported in `failed` and never prevent the valid rows from being written.
   *
   * All rows with the same email are merged in input order into one record: the first counts
   * as `created`, `updated` or `unchanged` (nothing to change: no write, no event), each later
   * one is listed in `merged` (`{ index, into, id }`). Every row is counted once, and exactly
   * one `contact.created` per created and one `contact.updated` per updated record is emitted.
   */
  importMany(rows: readonly ContactInput[], options?: ImportOptions): Promise<ImportResult>
  /** Link a company (no-op when already linked). @throws NotFoundError for either id. */
  linkCompany(contactId: string, companyId: string): Promise<Contact>
  /** Unlink a company (no-op when not linked). @throws NotFoundError for the contact. */
  unlinkCompany(contactId: string, companyId: string): Promise<Contact>
}

const ENTITY = 'contact'

const kind: EntityKind<Contact> = {
  table: 'contacts',
  entity: ENTITY,
  toRecord: (row) => toContact(row),
  emit: (w, what, contact) => w.emit(what === 'deleted' ? 'contact.deleted' : 'contact.restored', { contact }),
  unique: ['email'],
}

async function assertCompanies(w: WriteContext, companyIds: readonly string[]): Promise<void> {
  const issues = missingRefs('companyIds', companyIds, await existingIds(w, 'companies', companyIds), 'company')
  if (issues.length > 0) throw validationError('contact', issues)
}

/** Create the service for one tenant scope. */
export function createContactsService(scope: Scope): ContactsService {
  const listSpec = {
    table: 'contacts' as const,
    customFields: customFieldShapes(scope, 'contact'),
    toRecord: kind.toRecord,
  }

  async function setLink(contactId: string, companyId: string, linked: boolean): Promise<Contact> {
    const id = parseId(contactId)
    const company = parseId(companyId)
    return versionedWrite(scope, undefined, async (w) => {
      const current = await loadForWrite(w, 'contacts', ENTITY, id, undefined)
      if (linked && !(await w.session.get('companies', w.tenantId, company)))
        throw new NotFoundError('company', company)
      const companyIds = strings(current, 'companyIds')
      if (companyIds.includes(company) === linked) return toContact(current)
      const next = linked ? [...companyIds, company] : companyIds.filter((c) => c !== company)
      const row = await casUpdate(w, 'contacts', ENTITY, current, {})
      await syncCompanyLinks(w, id, companyIds, next)
      const contact = toContact(row, next)
      w.emit('contact.updated', { contact, changes: ['companyIds'] })
      return contact
    })
  }

  return {
    async create(input) {
      const validator = await loadCustomFieldValidator(scope.storage, scope.tenantId, 'contact')
      const { data, custom } = parseWithCustom(contactInputSchema, input, 'contact', customMode(validator, 'create'))
      // versionedWrite: a racing insert of the same email is retried once, and reported by assertUnique.
      return versionedWrite(scope, undefined, async (w) => {
        const companyIds = data.companyIds ?? []
        await assertCompanies(w, companyIds)
        await assertUnique(w, 'contacts', ENTITY, 'email', data.email)
        const row = newContactRow(w, data, custom)
        await w.session.insert('contacts', w.tenantId, [row])
        if (companyIds.length > 0) {
          await w.session.link(
            'contactCompanies',
            w.tenantId,
            companyIds.map((c) => [String(row.id), c] as const),
            w.now,
          )
        }
        const contact = toContact(row, companyIds)
        w.emit('contact.created', { contact })
        return contact
      })
    },

    get: (id) => getRecord(scope, kind, id),

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const hasCustom = typeof patch === 'object' && patch !== null && patch.custom !== undefined
      const validator = hasCustom
        ? await loadCustomFieldValidator(scope.storage, scope.tenantId, 'contact')
        : noCustomValuesPatch
      const { data, custom } = parseWithCustom(
        contactPatchSchema,
        patch,
        'contact patch',
        customMode(validator, 'patch'),
      )
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'contacts', ENTITY, key, expectedVersion)
        if (data.companyIds !== undefined) await assertCompanies(w, data.companyIds)
        const columns = changedColumns(current, contactPatchRow(data, custom, json(current, 'custom')))
        const before = strings(current, 'companyIds')
        const links = data.companyIds !== undefined && !sameIds(before, data.companyIds) ? data.companyIds : undefined
        const changes = [...Object.keys(columns), ...(links ? ['companyIds'] : [])]
        // Nothing differs from the stored values: no write, no new version, no event.
        if (changes.length === 0) return toContact(current)
        if (typeof columns.email === 'string') await assertUnique(w, 'contacts', ENTITY, 'email', columns.email)
        const row = await casUpdate(w, 'contacts', ENTITY, current, columns)
        if (links) await syncCompanyLinks(w, key, before, links)
        const contact = toContact(row, links)
        w.emit('contact.updated', { contact, changes })
        return contact
      })
    },

    delete: (id, options) => softDelete(scope, kind, id, options),
    restore: (id, options) => restoreRecord(scope, kind, id, options),
    list: (options) => listPage(scope, listSpec, options),
    count: (options) => countRows(scope, listSpec, options),
    // Loaded on first use: bulk updates and imports are outside the initial-load budget of browser hosts.
    updateMany: async (input, options) => (await import('./update-many.js')).updateContacts(scope, input, options),
    importMany: async (rows, options) => (await import('./import.js')).importContacts(scope, rows, options),
    linkCompany: (contactId, companyId) => setLink(contactId, companyId, true),
    unlinkCompany: (contactId, companyId) => setLink(contactId, companyId, false),
  }
}
