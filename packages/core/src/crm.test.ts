import { describe, expect, it } from 'vitest'
import { createCrm } from './crm.js'
import { ValidationError } from './errors.js'
import type { StorageAdapter } from './storage/port.js'

// forTenant only validates and wires services; no storage call happens here.
const storage = {
  transaction: async () => undefined,
  migrate: async () => undefined,
  close: async () => undefined,
} as unknown as StorageAdapter

describe('createCrm and forTenant', () => {
  it('scopes the services to a tenant and actor', () => {
    const t = createCrm({ storage }).forTenant('acme.eu:42@x-1_y', { actor: 'user-1' })
    expect(t).toMatchObject({ tenantId: 'acme.eu:42@x-1_y', actor: 'user-1' })
    for (const service of [
      'contacts',
      'companies',
      'pipelines',
      'deals',
      'activities',
      'tasks',
      'customFields',
      'events',
    ] as const) {
      expect(t[service], service).toBeTypeOf('object')
    }
  })

  it('refuses malformed tenant ids and actors', () => {
    const crm = createCrm({ storage })
    for (const tenant of ['', 'a b', 'ä', 'x'.repeat(129), 'a/b']) {
      expect(() => crm.forTenant(tenant, { actor: 'u' }), tenant).toThrow(ValidationError)
    }
    expect(() => crm.forTenant('acme', { actor: '' })).toThrow(ValidationError)
    expect(() => crm.forTenant('acme', {} as never)).toThrow(ValidationError)
  })

  it('refuses a missing storage and non-function clock or ids', () => {
    expect(() => createCrm({} as never)).toThrow(ValidationError)
    expect(() => createCrm({ storage, clock: 'now' } as never)).toThrow(ValidationError)
    expect(() => createCrm({ storage, ids: 1 } as never)).toThrow(ValidationError)
  })
})
