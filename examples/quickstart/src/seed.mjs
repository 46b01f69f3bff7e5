// Seeds a small CRM the way a host app would: through the public API only.

const companies = [
  { name: 'Northwind Traders', domain: 'northwind.example', industry: 'Retail', size: 420 },
  { name: 'Globex', domain: 'globex.example', industry: 'Manufacturing', size: 5200 },
  { name: 'Initech', domain: 'initech.example', industry: 'Software', size: 180 },
  { name: 'Umbrella Health', domain: 'umbrella.example', industry: 'Healthcare', size: 2300 },
]

const people = [
  ['Ada', 'Lovelace', 'ada@northwind.example', 'VP Engineering', 0, 'customer', 'enterprise', ['vip']],
  ['Grace', 'Hopper', 'grace@globex.example', 'CTO', 1, 'opportunity', 'enterprise', ['vip', 'tech']],
  ['Alan', 'Turing', 'alan@initech.example', 'Head of Data', 2, 'salesQualifiedLead', 'pro', ['tech']],
  ['Katherine', 'Johnson', 'katherine@umbrella.example', 'Director of IT', 3, 'opportunity', 'pro', []],
  ['Edsger', 'Dijkstra', 'edsger@initech.example', 'Architect', 2, 'lead', 'free', ['tech']],
  ['Barbara', 'Liskov', 'barbara@globex.example', 'Procurement', 1, 'marketingQualifiedLead', 'pro', []],
  ['Donald', 'Knuth', 'donald@northwind.example', 'Buyer', 0, 'lead', 'free', []],
  ['Margaret', 'Hamilton', 'margaret@umbrella.example', 'COO', 3, 'customer', 'enterprise', ['vip']],
]

/** Seeds companies, contacts, a pipeline, deals moved through stages, activities and tasks. */
export async function seed(t, advanceDays) {
  await t.customFields.define({
    entity: 'contact',
    key: 'plan',
    label: 'Plan',
    type: 'select',
    options: ['free', 'pro', 'enterprise'],
  })

  const companyRecords = []
  for (const company of companies) companyRecords.push(await t.companies.create(company))

  const contacts = []
  for (const [firstName, lastName, email, title, companyIndex, lifecycleStage, plan, tags] of people) {
    contacts.push(
      await t.contacts.create({
        firstName,
        lastName,
        email,
        title,
        lifecycleStage,
        tags,
        custom: { plan },
        companyIds: [companyRecords[companyIndex].id],
      }),
    )
  }

  const pipeline = await t.pipelines.create({
    name: 'New business',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Qualified', probability: 0.3 },
      { name: 'Proposal', probability: 0.6 },
      { name: 'Negotiation', probability: 0.8 },
      { name: 'Won', probability: 1, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  })
  const stage = Object.fromEntries(pipeline.stages.map((s) => [s.name, s.id]))

  // [title, amount in cents, company, contact, stages it moves through]
  const plan = [
    ['Northwind rollout', 4_800_000, 0, 0, ['Qualified', 'Proposal', 'Negotiation', 'Won']],
    ['Globex platform licence', 12_000_000, 1, 1, ['Qualified', 'Proposal', 'Negotiation']],
    ['Initech analytics pilot', 1_500_000, 2, 2, ['Qualified', 'Proposal']],
    ['Umbrella EHR integration', 7_500_000, 3, 3, ['Qualified']],
    ['Initech seat expansion', 900_000, 2, 4, []],
    ['Globex support renewal', 2_400_000, 1, 5, ['Qualified', 'Lost']],
  ]
  const deals = []
  for (const [title, value, companyIndex, contactIndex, moves] of plan) {
    let deal = await t.deals.create({
      title,
      pipelineId: pipeline.id,
      amount: { value, currency: 'EUR' },
      companyId: companyRecords[companyIndex].id,
      contactIds: [contacts[contactIndex].id],
      expectedCloseDate: '2026-12-15',
    })
    await t.activities.log({
      type: 'email',
      subject: `Intro: ${title}`,
      contactId: contacts[contactIndex].id,
      dealId: deal.id,
    })
    for (const next of moves) {
      advanceDays(3)
      const lostReason = next === 'Lost' ? 'Chose a competitor' : undefined
      deal = await t.deals.moveToStage(deal.id, stage[next], { expectedVersion: deal.version, lostReason })
      await t.activities.log({
        type: 'meeting',
        subject: `${title}: ${next}`,
        contactId: contacts[contactIndex].id,
        dealId: deal.id,
      })
    }
    deals.push(deal)
  }

  await t.activities.log({ type: 'call', subject: 'Quarterly check-in', contactId: contacts[0].id, channel: 'phone' })
  await t.activities.log({ type: 'note', body: 'Wants SSO before expanding.', contactId: contacts[0].id })
  await t.tasks.create({
    title: 'Send SSO docs',
    assignee: 'user-1',
    dueAt: '2026-09-30T12:00:00.000Z',
    contactId: contacts[0].id,
  })

  return { pipeline, deals, contacts, companies: companyRecords }
}
