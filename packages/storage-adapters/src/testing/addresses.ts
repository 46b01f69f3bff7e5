import { ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import type { SuiteContext } from './context.js'
import { caught, describeError, snapshotTenant } from './context.js'

/** Address and time-zone fields of contacts and companies: validation, storage, filters, sorting. */
export function addressTests(get: () => SuiteContext): void {
  describe('address fields', () => {
    it('contacts store a normalised address: country upper-case, time zone as the platform spells it', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const ada = await t.contacts.create({
        email: 'ada@geo.io',
        country: ' de ',
        region: 'Berlin',
        city: 'Berlin',
        postalCode: '10115',
        timeZone: 'europe/berlin',
      })
      const address = {
        country: 'DE',
        region: 'Berlin',
        city: 'Berlin',
        postalCode: '10115',
        timeZone: 'Europe/Berlin',
      }
      expect(ada).toMatchObject(address)
      expect(await raw.row('contacts', tenantId, ada.id)).toMatchObject(address)
      expect(await t.contacts.get(ada.id)).toEqual(ada)

      const bare = await t.contacts.create({ email: 'bare@geo.io' })
      expect(bare).toMatchObject({ country: null, region: null, city: null, postalCode: null, timeZone: null })

      const moved = await t.contacts.update(ada.id, { country: 'fr', city: 'Paris', timeZone: null })
      expect(moved).toMatchObject({ country: 'FR', city: 'Paris', region: 'Berlin', timeZone: null })
      expect(await raw.row('contacts', tenantId, ada.id)).toMatchObject({
        country: 'FR',
        city: 'Paris',
        timeZone: null,
      })
    })

    it('companies store an address too', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const acme = await t.companies.create({
        name: 'Acme',
        country: 'us',
        region: 'CA',
        timeZone: 'America/Los_Angeles',
      })
      expect(acme).toMatchObject({ country: 'US', region: 'CA', city: null, timeZone: 'America/Los_Angeles' })
      expect(await raw.row('companies', tenantId, acme.id)).toMatchObject({ country: 'US', region: 'CA' })
      const updated = await t.companies.update(acme.id, { postalCode: '94016' })
      expect(updated).toMatchObject({ country: 'US', postalCode: '94016' })
    })

    it('unknown country codes and time zones are refused with the field named, and nothing is written', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const before = await snapshotTenant(raw, tenantId)
      for (const input of [
        { country: 'XX' },
        { country: 'UK' }, // reserved, not assigned: the United Kingdom is GB
        { country: 'DEU' },
        { timeZone: 'Mars/Olympus_Mons' },
        { timeZone: '+01:00' },
        { postalCode: 'x'.repeat(33) },
      ]) {
        const error = await caught(t.contacts.create({ email: 'geo@x.io', ...input }))
        expect(error, describeError(error)).toBeInstanceOf(ValidationError)
        expect((error as ValidationError).issues.map((i) => i.path.join('.'))).toEqual(Object.keys(input))
        const companyError = await caught(t.companies.create({ name: 'Geo', ...input }))
        expect(companyError, describeError(companyError)).toBeInstanceOf(ValidationError)
      }
      expect(await snapshotTenant(raw, tenantId)).toEqual(before)
    })

    it('address fields filter and sort through the filter language', async () => {
      const { t } = get().tenant()
      const make = (firstName: string, country: string | null, city: string | null) =>
        t.contacts.create({ firstName, country, city })
      const ada = await make('ada', 'DE', 'Berlin')
      const bob = await make('bob', 'FR', 'Paris')
      const cyd = await make('cyd', 'DE', 'Munich')
      const dee = await make('dee', null, null)
      const names = (items: readonly { id: string }[]) =>
        items.map((c) => [ada, bob, cyd, dee].find((x) => x.id === c.id)?.firstName)
      const list = async (where: unknown) => names((await t.contacts.list({ where } as never)).items)

      expect(await list({ field: 'country', op: 'eq', value: 'DE' })).toEqual(['ada', 'cyd'])
      expect(await list({ field: 'country', op: 'in', value: ['FR', 'IT'] })).toEqual(['bob'])
      expect(await list({ field: 'country', op: 'isNotSet' })).toEqual(['dee'])
      expect(
        await list({
          all: [
            { field: 'country', op: 'eq', value: 'DE' },
            { field: 'city', op: 'startsWith', value: 'M' },
          ],
        }),
      ).toEqual(['cyd'])
      expect(await t.contacts.count({ where: { field: 'country', op: 'neq', value: 'DE' } } as never)).toBe(1)

      const byCity = await t.contacts.list({ sort: { field: 'city', direction: 'desc' } } as never)
      expect(names(byCity.items)).toEqual(['bob', 'cyd', 'ada', 'dee'])

      const acme = await t.companies.create({ name: 'Acme', country: 'JP', timeZone: 'Asia/Tokyo' })
      await t.companies.create({ name: 'Beta', country: 'GB' })
      const inTokyo = await t.companies.list({ where: { field: 'timeZone', op: 'eq', value: 'Asia/Tokyo' } } as never)
      expect(inTokyo.items.map((c) => c.id)).toEqual([acme.id])
      const sorted = await t.companies.list({ sort: { field: 'country', direction: 'asc' } } as never)
      expect(sorted.items.map((c) => c.country)).toEqual(['GB', 'JP'])
    })
  })
}
