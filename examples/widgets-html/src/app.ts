/**
 * The example's wiring: a crmkit on the memory adapter in the page, some data, and the provider
 * that hands it to every element under it. Selecting a contact in the list shows it in the detail.
 */
import { type Crm, createCrm, type TenantCrm } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import { themeStyles } from '@crmkit/widgets'
import '@crmkit/widgets/define'

/** Seed a tenant with contacts, a company, a pipeline and deals. */
export async function seed(t: TenantCrm): Promise<void> {
  const company = await t.companies.create({ name: 'Acme Corp', domain: 'acme.example' })
  const people = [
    ['Ada', 'Lovelace'],
    ['Grace', 'Hopper'],
    ['Alan', 'Turing'],
  ] as const
  for (const [firstName, lastName] of people) {
    await t.contacts.create({
      firstName,
      lastName,
      email: `${firstName.toLowerCase()}@example.com`,
      companyIds: [company.id],
    })
  }
  const pipeline = await t.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Proposal', probability: 0.5 },
      { name: 'Won', probability: 1, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  })
  const [lead, proposal] = pipeline.stages
  await t.deals.create({
    title: 'Acme renewal',
    pipelineId: pipeline.id,
    stageId: proposal?.id,
    amount: { value: 12_000_00, currency: 'EUR' },
  })
  await t.deals.create({
    title: 'Globex pilot',
    pipelineId: pipeline.id,
    stageId: lead?.id,
    amount: { value: 3_500_00, currency: 'EUR' },
  })
}

/** Start the example in `root` (the document, or a test's container). */
export async function start(root: ParentNode = document): Promise<{ crm: Crm; t: TenantCrm }> {
  const sheet = themeStyles.styleSheet
  if (sheet && !document.adoptedStyleSheets.includes(sheet))
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
  const crm = createCrm({ storage: memoryStorage() })
  await crm.migrate()
  const t = crm.forTenant('demo', { actor: 'demo-user' })
  await seed(t)
  const provider = root.querySelector('crm-provider')
  const detail = root.querySelector('crm-contact-detail')
  if (!provider || !detail) throw new Error('the page has no <crm-provider> with a <crm-contact-detail>')
  provider.client = t
  provider.events = crm.events
  root.querySelector('crm-contact-list')?.addEventListener('crm-contact-activate', (event) => {
    detail.contactId = event.detail.id
  })
  const first = (await t.contacts.list({ limit: 1 })).items[0]
  if (first) detail.contactId = first.id
  return { crm, t }
}
