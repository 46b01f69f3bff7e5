/**
 * `t.contacts`: people, with their company links, custom values and lifecycle stage.
 */

export type { ContactsService } from './api.js'

import { customFieldShapes, customFieldValidator, noCustomValuesPatch } from '../custom-fields/service.js'
import { NotFoundError } from '../errors.js'
import { changedColumns, sameIds } from '../shared/changes.js'
import {
  assertUnique,
  customMode,
  type EntityKind,
  entityCrud,
  existingIds,
  missingRefs,
  parseId,
  parseWithCustom,
} from '../shared/entity.js'
import { json, strings } from '../shared/rows.js'
import { writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { ContactsService } from './api.js'
import { type Contact, toContact } from './records.js'
import { contactInputSchema, contactPatchSchema } from './schemas.js'
import { contactPatchRow, newContactRow, syncCompanyLinks } from './writes.js'

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
    ...entityCrud<Contact, 'contact'>(scope, kind, customFieldShapes(scope, 'contact')),

    async explain(where, id) {
      // Loaded on first use: explanations are not on the initial-load path.
      return (await import('../segmentation/explain-contact.js')).explainContact(scope, where, parseId(id))
    },

    async create(input) {
      const validator = await customFieldValidator(scope, 'contact')
      const { data, custom } = parseWithCustom(contactInputSchema, input, 'contact', customMode(validator, 'create'))
      // versionedWrite: a racing insert of the same email is retried once, and reported by assertUnique.
      return versionedWrite(scope, undefined, async (w) => {
        const companyIds = data.companyIds ?? []
        await assertCompanies(w, companyIds)
        await assertUnique(w, 'contacts', ENTITY, 'email', data.email)
        const row = newContactRow(w, data, custom)
        await w.session.insert('contacts', w.tenantId, [row])
        if (companyIds.length > 0) await syncCompanyLinks(w, String(row.id), [], companyIds)
        const contact = toContact(row, companyIds)
        w.emit('contact.created', { contact })
        return contact
      })
    },

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const hasCustom = typeof patch === 'object' && patch !== null && patch.custom !== undefined
      const validator = hasCustom ? await customFieldValidator(scope, 'contact') : noCustomValuesPatch
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

    // Loaded on first use: bulk updates and imports are outside the initial-load budget of browser hosts.
    updateMany: async (input, options) => (await import('./update-many.js')).updateContacts(scope, input, options),
    importMany: async (rows, options) => (await import('./import.js')).importContacts(scope, rows, options),
    linkCompany: (contactId, companyId) => setLink(contactId, companyId, true),
    unlinkCompany: (contactId, companyId) => setLink(contactId, companyId, false),
  }
}
