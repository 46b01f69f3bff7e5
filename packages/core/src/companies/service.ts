/**
 * `t.companies`: organisations, linked to contacts (see `contacts.linkCompany`).
 */

export type { CompaniesService } from './api.js'

import { mergeCustomValues } from '../custom-fields/merge.js'
import { customFieldShapes, customFieldValidator, noCustomValuesPatch } from '../custom-fields/service.js'
import { changedColumns } from '../shared/changes.js'
import { baseRow, customMode, type EntityKind, entityCrud, parseId, parseWithCustom } from '../shared/entity.js'
import { json } from '../shared/rows.js'
import { writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { StorageValue } from '../storage/port.js'
import type { CompaniesService } from './api.js'
import { type Company, companyColumns, toCompany } from './records.js'
import { companyInputSchema, companyPatchSchema } from './schemas.js'

const ENTITY = 'company'

const kind: EntityKind<Company> = {
  table: 'companies',
  entity: ENTITY,
  toRecord: toCompany,
  emit: (w, what, company) => w.emit(what === 'deleted' ? 'company.deleted' : 'company.restored', { company }),
}

/** Create the service for one tenant scope. */
export function createCompaniesService(scope: Scope): CompaniesService {
  return {
    ...entityCrud<Company, 'company'>(scope, kind, customFieldShapes(scope, 'company')),

    async create(input) {
      const validator = await customFieldValidator(scope, 'company')
      const { data, custom } = parseWithCustom(companyInputSchema, input, 'company', customMode(validator, 'create'))
      return write(scope, async (w) => {
        const row = Object.assign(baseRow(w), {
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
        })
        await w.session.insert('companies', w.tenantId, [row])
        const company = toCompany(row)
        w.emit('company.created', { company })
        return company
      })
    },

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const hasCustom = typeof patch === 'object' && patch !== null && patch.custom !== undefined
      const validator = hasCustom ? await customFieldValidator(scope, 'company') : noCustomValuesPatch
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
    updateMany: async (input, options) => (await import('./update-many.js')).updateCompanies(scope, input, options),
  }
}
