/**
 * `t.companies`: organisations, linked to contacts (see `contacts.linkCompany`).
 */

import { mergeCustomValues } from '../custom-fields/merge.js'
import { customFieldShapes, loadCustomFieldValidator, noCustomValuesPatch } from '../custom-fields/service.js'
import { changedColumns } from '../shared/changes.js'
import {
  customMode,
  type EntityKind,
  getRecord,
  parseId,
  parseWithCustom,
  restoreRecord,
  softDelete,
} from '../shared/entity.js'
import { type CountOptions, countRows, type ListOptions, listPage, type Page } from '../shared/list.js'
import { json } from '../shared/rows.js'
import { type WriteOptions, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, write } from '../shared/scope.js'
import type { UpdateManyInput, UpdateManyOptions, UpdateManyResult } from '../shared/update-many.js'
import { parse } from '../shared/validation.js'
import type { StorageValue } from '../storage/port.js'
import { type Company, companyColumns, toCompany } from './records.js'
import { type CompanyInput, type CompanyPatch, companyInputSchema, companyPatchSchema } from './schemas.js'

/** `t.companies`. */
export interface CompaniesService {
  /** Create a company. @throws ValidationError. */
  create(input: CompanyInput): Promise<Company>
  /** A live company, or `null` (absent, deleted, or another tenant's). */
  get(id: string): Promise<Company | null>
  /** Update some fields (`expectedVersion` and no-op patches as for contacts). @throws NotFoundError, ValidationError, ConflictError. */
  update(id: string, patch: CompanyPatch, options?: WriteOptions): Promise<Company>
  /** Soft-delete. @throws NotFoundError, ConflictError. */
  delete(id: string, options?: WriteOptions): Promise<Company>
  /** Undo a soft delete. @throws NotFoundError, ConflictError. */
  restore(id: string, options?: WriteOptions): Promise<Company>
  /** One page of live companies matching `where`, in `sort` order. */
  list(options?: ListOptions<'company'>): Promise<Page<Company>>
  /** Number of live companies matching `where`. */
  count(options?: CountOptions<'company'>): Promise<number>
  /**
   * Set the same fields on every live company matching `where`: `set` is validated like
   * `update`'s patch. Each batch of up to `batchSize` companies (default 500, max 1000)
   * is one transaction; a company whose values already equal `set` is left alone (no new
   * version, no event); each changed company emits `company.updated` after its batch commits. If a
   * batch fails, earlier batches stay written: calling again with the same input finishes
   * the job, as the companies already updated are then unchanged.
   * @throws ValidationError for bad input (nothing written).
   */
  updateMany(input: UpdateManyInput<CompanyPatch>, options?: UpdateManyOptions): Promise<UpdateManyResult>
}

const ENTITY = 'company'

const kind: EntityKind<Company> = {
  table: 'companies',
  entity: ENTITY,
  toRecord: toCompany,
  emit: (w, what, company) => w.emit(what === 'deleted' ? 'company.deleted' : 'company.restored', { company }),
}

/** Create the service for one tenant scope. */
export function createCompaniesService(scope: Scope): CompaniesService {
  const listSpec = {
    table: 'companies' as const,
    customFields: customFieldShapes(scope, 'company'),
    toRecord: toCompany,
  }

  return {
    async create(input) {
      const validator = await loadCustomFieldValidator(scope.storage, scope.tenantId, 'company')
      const { data, custom } = parseWithCustom(companyInputSchema, input, 'company', customMode(validator, 'create'))
      return write(scope, async (w) => {
        const row = {
          id: w.newId(),
          tenantId: w.tenantId,
          version: 1,
          createdAt: w.now,
          updatedAt: w.now,
          deletedAt: null,
          name: data.name,
          domain: data.domain ?? null,
          industry: data.industry ?? null,
          size: data.size ?? null,
          ownerId: data.ownerId ?? null,
          tags: data.tags ?? [],
          custom,
          country: data.country ?? null,
          region: data.region ?? null,
          city: data.city ?? null,
          postalCode: data.postalCode ?? null,
          timeZone: data.timeZone ?? null,
        }
        await w.session.insert('companies', w.tenantId, [row])
        const company = toCompany(row)
        w.emit('company.created', { company })
        return company
      })
    },

    get: (id) => getRecord(scope, kind, id),

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const hasCustom = typeof patch === 'object' && patch !== null && patch.custom !== undefined
      const validator = hasCustom
        ? await loadCustomFieldValidator(scope.storage, scope.tenantId, 'company')
        : noCustomValuesPatch
      const { data, custom } = parseWithCustom(
        companyPatchSchema,
        patch,
        'company patch',
        customMode(validator, 'patch'),
      )
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'companies', ENTITY, key, expectedVersion)
        const columns: Record<string, StorageValue> = {}
        for (const column of companyColumns) {
          const value = data[column]
          if (value !== undefined) columns[column] = value
        }
        if (data.custom !== undefined) columns.custom = mergeCustomValues(json(current, 'custom'), custom)
        const changed = changedColumns(current, columns)
        const changes = Object.keys(changed)
        // Nothing differs from the stored values: no write, no new version, no event.
        if (changes.length === 0) return toCompany(current)
        const company = toCompany(await casUpdate(w, 'companies', ENTITY, current, changed))
        w.emit('company.updated', { company, changes })
        return company
      })
    },

    delete: (id, options) => softDelete(scope, kind, id, options),
    restore: (id, options) => restoreRecord(scope, kind, id, options),
    list: (options) => listPage(scope, listSpec, options),
    count: (options) => countRows(scope, listSpec, options),
    updateMany: async (input, options) => (await import('./update-many.js')).updateCompanies(scope, input, options),
  }
}
