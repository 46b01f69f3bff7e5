import type { CustomFieldShape, ResolvedFilter } from '@crmkit/core/storage'
import { compareRows, evaluateFilter, resolveFilter, resolveSearch, resolveSort } from '@crmkit/core/storage'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ContactSpec } from './arbitraries.js'
import { bindTokens, COMPANY_TOKENS, contactArb, DIFF_NOW, filterArb, searchArb, sortArb } from './arbitraries.js'
import type { SuiteContext, Tenant } from './context.js'
import { defineContactFields } from './custom-fields.js'
import { checkFilter, hydratedRawRows, newStats } from './differential-check.js'

/** Creates the generated contacts through the public API, each at its own instant. */
async function createContacts(
  get: () => SuiteContext,
  t: Tenant,
  specs: readonly ContactSpec[],
  companies: readonly string[],
) {
  const { clock } = get()
  const now = Date.parse(DIFF_NOW)
  const ids: string[] = []
  for (const [i, spec] of specs.entries()) {
    const createdAt = now - spec.ageMinutes * 60_000
    clock.set(new Date(createdAt))
    const c = await t.contacts.create({
      ...(spec.emailLocal === null ? {} : { email: `${spec.emailLocal}.${i}@x.io` }),
      firstName: spec.firstName,
      lastName: spec.lastName,
      ...(spec.title === undefined ? {} : { title: spec.title }),
      ...(spec.ownerId === undefined ? {} : { ownerId: spec.ownerId }),
      ...(spec.lifecycleStage === undefined ? {} : { lifecycleStage: spec.lifecycleStage }),
      tags: [...spec.tags],
      custom: { ...spec.custom, ...(spec.custom.features ? { features: [...spec.custom.features] } : {}) },
      companyIds: spec.companies.map((n) => companies[n]!),
    })
    ids.push(c.id)
    if (spec.update) {
      clock.set(new Date(Math.min(createdAt + spec.update.after * 60_000, now)))
      await t.contacts.update(c.id, { lastName: spec.update.lastName })
    }
  }
  return ids
}

/** What storage must hold for a generated contact, per the spec's normalisation rules. */
function expectedStored(spec: ContactSpec, i: number, companies: readonly string[]) {
  const trim = (v: string | null | undefined) => (v === null || v === undefined ? null : v.trim())
  return {
    email: spec.emailLocal === null ? null : `${spec.emailLocal}.${i}@x.io`.toLowerCase(),
    firstName: trim(spec.firstName),
    lastName: trim(spec.update ? spec.update.lastName : spec.lastName),
    title: trim(spec.title),
    ownerId: spec.ownerId ?? null,
    lifecycleStage: spec.lifecycleStage ?? 'lead',
    tags: [...spec.tags],
    custom: { ...spec.custom },
    companyIds: spec.companies.map((n) => companies[n]!).sort(),
  }
}

function tryResolve(where: unknown, customFields: readonly CustomFieldShape[], now: Date): ResolvedFilter | undefined {
  try {
    return resolveFilter(where, { table: 'contacts', customFields, now })
  } catch {
    return undefined
  }
}

/**
 * The differential property: for random data and random filter trees, what the adapter
 * returns through `t.contacts.list({ where })` is exactly what core's reference evaluator
 * selects from the rows as they sit in storage (read raw). Sorting and keyset paging are
 * checked the same way against core's reference comparator.
 */
export function differentialTests(get: () => SuiteContext): void {
  describe('differential: adapter vs core evaluator', () => {
    it('random filter trees over random contacts select exactly the ids the reference evaluator selects', async () => {
      // Guards against a vacuous run: enough filters must select a proper, non-empty subset.
      const stats = newStats()
      await fc.assert(
        fc.asyncProperty(
          fc.array(contactArb, { maxLength: 12 }),
          fc.array(filterArb, { minLength: 1, maxLength: 6 }),
          sortArb,
          fc.integer({ min: 1, max: 5 }),
          searchArb,
          async (specs, filters, sort, pageSize, search) => {
            const { clock } = get()
            const { t, tenantId } = get().tenant()
            clock.run()
            await defineContactFields(t)
            const c0 = await t.companies.create({ name: 'Zero' })
            const c1 = await t.companies.create({ name: 'One' })
            const ids = await createContacts(get, t, specs, [c0.id, c1.id])
            const customFields = (await t.customFields.list({ entity: 'contact' })).items.map((d) => ({
              key: d.key,
              type: d.type,
            }))
            const rows = await hydratedRawRows(get().raw, 'contacts', tenantId)
            expect(rows).toHaveLength(specs.length)
            // Storage fidelity first: what sits in the database is exactly what was written
            // (unicode, case, empty strings, trailing spaces, numbers, JSON), else the
            // comparison below would compare two equally corrupted views.
            for (const [i, spec] of specs.entries()) {
              const row = rows.find((r) => r.id === ids[i])
              expect(row, `raw row of contact ${i}`).toMatchObject(expectedStored(spec, i, [c0.id, c1.id]))
            }
            const tokens = {
              [COMPANY_TOKENS[0]]: c0.id,
              [COMPANY_TOKENS[1]]: c1.id,
              [COMPANY_TOKENS[2]]: '0190a0a0-0000-7000-8000-00000000abcd',
            }
            const now = new Date(DIFF_NOW)
            clock.set(now)
            clock.freeze()
            try {
              const target = {
                table: 'contacts' as const,
                rows,
                customFields,
                now,
                list: async (where: unknown) =>
                  (await t.contacts.list({ where, limit: 1000 } as never)).items.map((c) => c.id),
                count: (where: unknown) => t.contacts.count({ where } as never),
              }
              for (const generated of filters) await checkFilter(target, bindTokens(generated, tokens), stats)
              // Search resolves to containsi conditions: the adapter selects what the evaluator does.
              const searched = resolveSearch('contacts', search)
              const expectedSearch = rows.filter((r) => searched === undefined || evaluateFilter(searched, r))
              const gotSearch = await t.contacts.list({ search, limit: 1000 })
              expect(
                gotSearch.items.map((c) => c.id),
                `search ${JSON.stringify(search)}`,
              ).toEqual(expectedSearch.map((r) => String(r.id)).sort())
              expect(await t.contacts.count({ search })).toBe(expectedSearch.length)
              // Sorted keyset paging under the first filter equals the reference order.
              const where = bindTokens(filters[0], tokens)
              const filter = tryResolve(where, customFields, now)
              if (filter === undefined) return
              const order = resolveSort(sort, 'contacts', customFields)
              const expectedOrder = rows
                .filter((row) => evaluateFilter(filter, row))
                .sort(compareRows(order))
                .map((r) => String(r.id))
              const paged: string[] = []
              let cursor: string | undefined
              for (let guard = 0; guard <= rows.length + 1; guard++) {
                const page = await t.contacts.list({
                  where,
                  sort,
                  limit: pageSize,
                  ...(cursor === undefined ? {} : { cursor }),
                } as never)
                paged.push(...page.items.map((c) => c.id))
                if (page.nextCursor === null) break
                cursor = page.nextCursor
              }
              expect(
                paged,
                `sorted by ${sort.field} ${sort.direction}, pages of ${pageSize}, where ${JSON.stringify(where)}`,
              ).toEqual(expectedOrder)
            } finally {
              clock.run()
            }
          },
        ),
        // Bounded: a failure still shrinks, but never past the test timeout below.
        { numRuns: 60, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true },
      )
      expect(stats.proper, JSON.stringify(stats)).toBeGreaterThanOrEqual(30)
      expect(stats.rejected, JSON.stringify(stats)).toBeLessThan(stats.filters)
    }, 300_000)
  })
}
