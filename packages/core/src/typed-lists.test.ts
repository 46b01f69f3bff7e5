/**
 * The tenant's list and count calls take their entity's typed filter (see
 * filter/field-names.ts): a typo in a field name fails `tsc`, custom fields stay open.
 */
import { describe, expectTypeOf, it } from 'vitest'
import type { TenantCrm } from './crm.js'
import type { CountOptions, ListOptions } from './shared/list.js'

describe('TenantCrm list/count options', () => {
  it('are typed per entity', () => {
    expectTypeOf<Parameters<TenantCrm['contacts']['list']>[0]>().toEqualTypeOf<ListOptions<'contact'> | undefined>()
    expectTypeOf<Parameters<TenantCrm['contacts']['count']>[0]>().toEqualTypeOf<CountOptions<'contact'> | undefined>()
    expectTypeOf<Parameters<TenantCrm['companies']['list']>[0]>().toEqualTypeOf<ListOptions<'company'> | undefined>()
    expectTypeOf<Parameters<TenantCrm['deals']['list']>[0]>().toEqualTypeOf<ListOptions<'deal'> | undefined>()
    expectTypeOf<Parameters<TenantCrm['deals']['count']>[0]>().toEqualTypeOf<CountOptions<'deal'> | undefined>()
    expectTypeOf<Parameters<TenantCrm['tasks']['list']>[0]>().toEqualTypeOf<ListOptions<'task'> | undefined>()
  })

  it('reject a misspelt field at compile time', () => {
    const list = (t: TenantCrm) => [
      t.contacts.list({ where: { field: 'custom.plan', op: 'eqi', value: 'pro' }, sort: { field: 'custom.score' } }),
      // @ts-expect-error 'emial' is not a contact field
      t.contacts.list({ where: { field: 'emial', op: 'isSet' } }),
      // @ts-expect-error deals have no 'name' (it is 'title')
      t.deals.count({ where: { field: 'name', op: 'isSet' } }),
      // @ts-expect-error companies cannot be sorted by tags
      t.companies.list({ sort: { field: 'tags' } }),
    ]
    expectTypeOf(list).returns.toBeArray()
  })
})
