/**
 * Typed field names: the `@ts-expect-error` lines below fail `tsc` (and so `npm run
 * typecheck`) the day a typo compiles again; the runtime checks prove the types list exactly
 * the names the resolver accepts.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { CountOptions, ListOptions } from '../shared/list.js'
import type { TableName } from '../storage/tables.js'
import type { FilterEntity, FilterField, SortField } from './field-names.js'
import { filterFieldNames, sortFieldNames } from './fields.js'
import type { SortInput } from './resolve.js'
import type { FilterNode } from './types.js'

type BuiltIn<F extends string> = Exclude<F, `custom.${string}`>

/** Every entity's built-in names, spelled out once; the type checks below pin them to the derived types. */
const filterNames = {
  contact: [
    'id',
    'createdAt',
    'updatedAt',
    'email',
    'firstName',
    'lastName',
    'phone',
    'title',
    'lifecycleStage',
    'ownerId',
    'tags',
    'companyIds',
    'country',
    'region',
    'city',
    'postalCode',
    'timeZone',
  ],
  company: [
    'id',
    'createdAt',
    'updatedAt',
    'name',
    'domain',
    'industry',
    'size',
    'ownerId',
    'tags',
    'contactIds',
    'country',
    'region',
    'city',
    'postalCode',
    'timeZone',
  ],
  deal: [
    'id',
    'createdAt',
    'updatedAt',
    'title',
    'pipelineId',
    'stageId',
    'status',
    'expectedCloseDate',
    'closedAt',
    'ownerId',
    'companyId',
    'lostReason',
    'tags',
    'amount',
    'amount.value',
    'currency',
    'amount.currency',
    'contactIds',
  ],
  task: [
    'id',
    'createdAt',
    'updatedAt',
    'title',
    'assignee',
    'dueAt',
    'status',
    'completedAt',
    'contactId',
    'companyId',
    'dealId',
  ],
} as const satisfies { [E in FilterEntity]: readonly BuiltIn<FilterField<E>>[] }

const sortNames = {
  contact: [
    'id',
    'createdAt',
    'updatedAt',
    'email',
    'firstName',
    'lastName',
    'phone',
    'title',
    'lifecycleStage',
    'ownerId',
    'country',
    'region',
    'city',
    'postalCode',
    'timeZone',
  ],
  company: [
    'id',
    'createdAt',
    'updatedAt',
    'name',
    'domain',
    'industry',
    'size',
    'ownerId',
    'country',
    'region',
    'city',
    'postalCode',
    'timeZone',
  ],
  deal: [
    'id',
    'createdAt',
    'updatedAt',
    'title',
    'status',
    'expectedCloseDate',
    'closedAt',
    'ownerId',
    'lostReason',
    'amount',
    'amount.value',
  ],
  task: ['id', 'createdAt', 'updatedAt', 'title', 'assignee', 'dueAt', 'status', 'completedAt'],
} as const satisfies { [E in FilterEntity]: readonly BuiltIn<SortField<E>>[] }

const tableOf: Record<FilterEntity, TableName> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  task: 'tasks',
}

describe('typed field names', () => {
  it('list exactly the built-in names the resolver accepts, for filters and sorts', () => {
    expectTypeOf<(typeof filterNames.contact)[number]>().toEqualTypeOf<BuiltIn<FilterField<'contact'>>>()
    expectTypeOf<(typeof filterNames.company)[number]>().toEqualTypeOf<BuiltIn<FilterField<'company'>>>()
    expectTypeOf<(typeof filterNames.deal)[number]>().toEqualTypeOf<BuiltIn<FilterField<'deal'>>>()
    expectTypeOf<(typeof filterNames.task)[number]>().toEqualTypeOf<FilterField<'task'>>()
    expectTypeOf<(typeof sortNames.contact)[number]>().toEqualTypeOf<BuiltIn<SortField<'contact'>>>()
    expectTypeOf<(typeof sortNames.company)[number]>().toEqualTypeOf<BuiltIn<SortField<'company'>>>()
    expectTypeOf<(typeof sortNames.deal)[number]>().toEqualTypeOf<BuiltIn<SortField<'deal'>>>()
    expectTypeOf<(typeof sortNames.task)[number]>().toEqualTypeOf<SortField<'task'>>()
    for (const entity of Object.keys(tableOf) as FilterEntity[]) {
      expect([...filterNames[entity]].sort(), entity).toEqual(filterFieldNames(tableOf[entity]).sort())
      expect([...sortNames[entity]].sort(), entity).toEqual(sortFieldNames(tableOf[entity]).sort())
    }
  })

  it('allow custom fields on entities that have them, and reject typos at compile time', () => {
    const ok: FilterNode<'contact'> = {
      all: [
        { field: 'lastName', op: 'eqi', value: 'lovelace' },
        { not: { field: 'custom.plan', op: 'eq', value: 'free' } },
        { any: [{ field: 'companyIds', op: 'isSet' }] },
      ],
    }
    // @ts-expect-error 'lastname' is not a contact field (it is lastName)
    const typo: FilterNode<'contact'> = { field: 'lastname', op: 'eq', value: 'x' }
    // @ts-expect-error a typo deep in the tree fails too
    const deep: FilterNode<'deal'> = { any: [{ not: { field: 'amout', op: 'gt', value: 1 } }] }
    // @ts-expect-error tasks have no custom fields
    const noCustom: FilterNode<'task'> = { field: 'custom.x', op: 'isSet' }
    // @ts-expect-error tags are not sortable
    const unsortable: SortInput<'contact'> = { field: 'tags' }
    const customSort: SortInput<'deal'> = { field: 'custom.score', direction: 'desc' }
    const list: ListOptions<'company'> = { where: { field: 'domain', op: 'endsWithi', value: '.io' }, search: 'acme' }
    // @ts-expect-error list options carry the entity's typed filter
    const badList: ListOptions<'company'> = { where: { field: 'email', op: 'isSet' } }
    // @ts-expect-error count options too
    const badCount: CountOptions<'deal'> = { where: { field: 'name', op: 'isSet' } }
    // Untyped FilterNode still takes any string (runtime-checked), and typed trees fit it.
    const loose: FilterNode = { field: 'anything', op: 'isSet' }
    const widened: FilterNode = ok
    expect([ok, typo, deep, noCustom, unsortable, customSort, list, badList, badCount, loose, widened]).toHaveLength(11)
  })
})
