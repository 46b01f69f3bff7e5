/**
 * A deterministic book of 40 contacts in two obvious groups (small companies with few
 * meetings, tagged `smb`; large ones with many meetings, tagged `enterprise`), with email and
 * meeting activities and won deals for the converted ones. The tests rebuild the same
 * feature matrix from these formulas, independently of storage.
 */
import type { Contact } from '@crmkit/core'
import type { TestCrm } from './harness.js'

/** Contacts in the book. */
export const LEADS = 40

/** What the seed wrote for contact i (0-based, created in this order). */
export function lead(i: number) {
  const enterprise = i >= LEADS / 2
  return {
    enterprise,
    // Contact 0 has no employee count: the models impute the mean.
    employees: i === 0 ? null : enterprise ? 500 + 10 * i : 10 + i,
    meetings: enterprise ? 3 + (i % 3) : i % 3,
    emails: i % 5,
    converted: enterprise ? i % 4 !== 0 : i % 5 === 0,
    lifecycleStage: i % 7 === 0 ? ('customer' as const) : ('lead' as const),
  }
}

/** Seed the book; returns the contacts in creation (= id) order. */
export async function seedLeads(crm: TestCrm): Promise<Contact[]> {
  const { t } = crm
  crm.at('2026-02-01T10:00:00.000Z')
  await t.customFields.define({ entity: 'contact', key: 'employees', label: 'Employees', type: 'number' })
  const p = await t.pipelines.create({
    name: 'Leads',
    currency: 'EUR',
    stages: [
      { name: 'New', probability: 0.2 },
      { name: 'Won', probability: 1, kind: 'won' },
    ],
  })
  const won = p.stages[1]?.id ?? ''
  const contacts: Contact[] = []
  for (let i = 0; i < LEADS; i++) {
    const l = lead(i)
    const c = await t.contacts.create({
      email: `lead${i}@example.com`,
      tags: [l.enterprise ? 'enterprise' : 'smb', ...(i % 2 === 0 ? ['newsletter'] : [])],
      lifecycleStage: l.lifecycleStage,
      ...(l.employees === null ? {} : { custom: { employees: l.employees } }),
    })
    contacts.push(c)
    for (let k = 0; k < l.meetings; k++) await t.activities.log({ type: 'meeting', contactId: c.id })
    for (let k = 0; k < l.emails; k++) await t.activities.log({ type: 'email', contactId: c.id })
    if (l.converted) {
      await t.deals.create({
        title: `deal ${i}`,
        pipelineId: p.id,
        stageId: won,
        amount: { value: 1000, currency: 'EUR' },
        contactIds: [c.id],
      })
    }
  }
  return contacts
}
