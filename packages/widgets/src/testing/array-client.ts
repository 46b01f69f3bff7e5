/**
 * Test and benchmark support: a client whose `contacts.list` serves pages of a plain array with
 * the real contract (limit, opaque cursor, `withTotal`). For DOM-only checks at 100k rows, where
 * the memory adapter itself would dominate (measured in this browser: seeding 20k contacts 5.2 s,
 * one 1000-row page 0.4 s at 20k rows); every other method throws.
 */
import type { Contact, TenantCrm } from '@crmkit/core'

/** `n` contacts shaped like crmkit's (ids sortable, created in order). */
export function makeContacts(n: number): Contact[] {
  const names = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim']
  const out: Contact[] = []
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
    out.push({
      id: `c${String(i).padStart(8, '0')}`,
      tenantId: 'acme',
      version: 1,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      email: `c${i}@example.com`,
      firstName: names[i % names.length] ?? 'Ada',
      lastName: `Row ${i}`,
      phone: null,
      title: null,
      lifecycleStage: 'lead',
      ownerId: null,
      tags: [],
      country: null,
      region: null,
      city: null,
      postalCode: null,
      timeZone: null,
      custom: {},
      companyIds: [],
    })
  }
  return out
}

/** A client listing `contacts` in array order. */
export function arrayClient(contacts: readonly Contact[]): TenantCrm {
  const list = async (options: { limit?: number; cursor?: string; withTotal?: boolean } = {}) => {
    const start = options.cursor ? Number(options.cursor) : 0
    const limit = options.limit ?? 50
    const items = contacts.slice(start, start + limit)
    const next = start + limit < contacts.length ? String(start + limit) : null
    return options.withTotal ? { items, nextCursor: next, total: contacts.length } : { items, nextCursor: next }
  }
  const unsupported = () => {
    throw new Error('arrayClient serves contacts.list only')
  }
  return new Proxy({ tenantId: 'acme', actor: 'bench', contacts: { list } } as Record<string, unknown>, {
    get: (target, key) => (key in target ? target[key as string] : unsupported),
  }) as unknown as TenantCrm
}
