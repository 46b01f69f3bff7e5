import { ConflictError } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { requireCapability } from './capabilities.js'
import type { SuiteContext } from './context.js'
import { caught, snapshotTenant } from './context.js'

/** The fields of a caught ConflictError, for one `toEqual` (the message included, so the wording is checked too). */
function fieldsOf(error: unknown) {
  expect(error).toBeInstanceOf(ConflictError)
  const e = error as ConflictError
  return {
    code: e.code,
    kind: e.kind,
    entity: e.entity,
    id: e.id,
    key: e.key,
    value: e.value,
    expectedVersion: e.expectedVersion,
    currentVersion: e.currentVersion,
    message: e.message,
  }
}

const none = { key: undefined, value: undefined, expectedVersion: undefined, currentVersion: undefined }

/** ConflictError names what conflicted, with the same fields and wording on every adapter. */
export function conflictTests(get: () => SuiteContext): void {
  describe('conflict errors', () => {
    it('a duplicate email (create, update, restore) names the key, the value and the holder', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const bob = await t.contacts.create({ email: 'bob@x.io' })
      const taken = {
        ...none,
        code: 'CONFLICT',
        kind: 'unique',
        entity: 'contact',
        id: ada.id,
        key: 'email',
        value: 'ada@x.io',
        message: 'contact email "ada@x.io" is already taken',
      }
      const before = await snapshotTenant(raw, tenantId)
      expect(fieldsOf(await caught(t.contacts.create({ email: ' ADA@x.io' })))).toEqual(taken)
      expect(fieldsOf(await caught(t.contacts.update(bob.id, { email: 'Ada@X.io' })))).toEqual(taken)
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)

      await t.contacts.delete(ada.id)
      const again = await t.contacts.create({ email: 'ada@x.io' })
      expect(fieldsOf(await caught(t.contacts.restore(ada.id)))).toEqual({ ...taken, id: again.id })
    })

    it('a taken custom field key and an identified visitor are unique conflicts too', async () => {
      const { t } = get().tenant()
      const plan = await t.customFields.define({ entity: 'contact', key: 'plan', label: 'Plan', type: 'text' })
      const error = await caught(t.customFields.define({ entity: 'contact', key: 'plan', label: 'P2', type: 'text' }))
      expect(fieldsOf(error)).toEqual({
        ...none,
        code: 'CONFLICT',
        kind: 'unique',
        entity: 'customField',
        id: plan.id,
        key: 'key',
        value: 'plan',
        message: 'customField key "plan" is already taken',
      })
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      const bob = await t.contacts.create({ email: 'bob@x.io' })
      await t.attribution.identify('cookie-1', ada.id)
      expect(fieldsOf(await caught(t.attribution.identify('cookie-1', bob.id)))).toMatchObject({
        kind: 'unique',
        entity: 'contact',
        key: 'anonymousId',
        value: 'cookie-1',
        id: ada.id,
      })
    })

    it('a stale expectedVersion names the expected and the current version', async () => {
      const { t } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      await t.contacts.update(ada.id, { title: 'CTO' })
      const error = await caught(t.contacts.update(ada.id, { title: 'CEO' }, { expectedVersion: 1 }))
      expect(fieldsOf(error)).toEqual({
        ...none,
        code: 'CONFLICT',
        kind: 'version',
        entity: 'contact',
        id: ada.id,
        expectedVersion: 1,
        currentVersion: 2,
        message: `contact ${ada.id} was changed concurrently: expected version 1, it is at version 2`,
      })
      expect((error as ConflictError).details).toEqual({
        kind: 'version',
        entity: 'contact',
        id: ada.id,
        expectedVersion: 1,
        currentVersion: 2,
      })
    })

    it('the adapter itself reports a broken unique key with the table, key and value', async ({ skip }) => {
      // The check writes through storage.transaction() directly.
      requireCapability(skip, get().storage, 'supportsTransactions')
      const { storage } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({ email: 'ada@x.io' })
      // The stored row without its hydrated link field, under a new id: only the email collides.
      const { companyIds: _links, ...stored } = (await storage.get('contacts', tenantId, ada.id)) ?? {}
      const copy = { ...stored, id: '0190a0a0-0000-7000-8000-00000000c0de' }
      const email = await caught(storage.transaction((s) => s.insert('contacts', tenantId, [copy])))
      expect(fieldsOf(email)).toMatchObject({
        kind: 'unique',
        entity: 'contacts',
        key: 'email',
        value: 'ada@x.io',
        message: 'contacts email "ada@x.io" is already taken',
      })
      const same = { ...copy, id: ada.id, email: 'other@x.io' }
      const id = await caught(storage.transaction((s) => s.insert('contacts', tenantId, [same])))
      expect(fieldsOf(id)).toMatchObject({
        kind: 'unique',
        entity: 'contacts',
        key: 'id',
        value: ada.id,
        message: `contacts id "${ada.id}" is already taken`,
      })
    })
  })
}
