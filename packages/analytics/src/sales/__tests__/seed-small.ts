/**
 * A small deterministic sales history whose analytics are computed by hand in the tests.
 *
 * Pipeline "Sales": Lead 0.1, Qualified 0.3, Proposal 0.6, Negotiation 0.8, Won (won), Lost (lost).
 * All moves at 09:00 UTC:
 * - d1 A/c1 100000 ann: Lead 01-05, Qualified 01-10, Proposal 01-20, Won 02-04
 * - d2 B/c2  50000 bob: Lead 01-05, Qualified 01-15, Lost 02-14
 * - d7 C/c5  60000 ann: Lead 01-20, Won 03-20
 * - d4 C/c3  80000 bob: Lead 02-01, Qualified 02-11 (open, expected close 2026-06-15)
 * - d5 D/c4  40000 ann: Lead 02-01, Negotiation 03-03 (open, expected close 2026-05-20)
 * - d3 A/c1 200000 ann: Lead 03-01, Proposal 03-11, Won 04-10
 * - d6 B/c2  30000 bob: Lead 03-01 (open, no expected close)
 * Plus a soft-deleted open deal (never counted) and another tenant's deal (never seen).
 */
import type { Deal, Pipeline } from '@crmkit/core'
import type { TestCrm } from './harness.js'

/** What the tests need to refer to. */
export interface SmallSeed {
  readonly pipeline: Pipeline
  readonly stage: Record<string, string>
  readonly deals: Record<string, Deal>
}

const day = (d: string) => `2026-${d}T09:00:00.000Z`

/** Seed the small history into a fresh tenant. */
export async function seedSmall(crm: TestCrm): Promise<SmallSeed> {
  const { t } = crm
  crm.at(day('01-01'))
  const pipeline = await t.pipelines.create({
    name: 'Sales',
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
  const company: Record<string, string> = {}
  for (const name of ['A', 'B', 'C', 'D']) company[name] = (await t.companies.create({ name })).id
  const contact: Record<string, string> = {}
  for (const name of ['c1', 'c2', 'c3', 'c4', 'c5']) {
    contact[name] = (await t.contacts.create({ email: `${name}@example.com` })).id
  }
  const deals: Record<string, Deal> = {}
  const create = async (key: string, c: string, p: string, value: number, ownerId: string, close?: string) => {
    deals[key] = await t.deals.create({
      title: key,
      pipelineId: pipeline.id,
      amount: { value, currency: 'EUR' },
      companyId: company[c],
      contactIds: [contact[p] ?? ''],
      ownerId,
      ...(close ? { expectedCloseDate: close } : {}),
    })
  }
  const move = async (key: string, to: string) => {
    deals[key] = await t.deals.moveToStage(deals[key]?.id ?? '', stage[to] ?? '')
  }
  crm.at(day('01-05'))
  await create('d1', 'A', 'c1', 100_000, 'ann')
  await create('d2', 'B', 'c2', 50_000, 'bob')
  crm.at(day('01-10'))
  await move('d1', 'Qualified')
  crm.at(day('01-15'))
  await move('d2', 'Qualified')
  crm.at(day('01-20'))
  await move('d1', 'Proposal')
  await create('d7', 'C', 'c5', 60_000, 'ann')
  crm.at(day('02-01'))
  await create('d4', 'C', 'c3', 80_000, 'bob', '2026-06-15')
  await create('d5', 'D', 'c4', 40_000, 'ann', '2026-05-20')
  crm.at(day('02-04'))
  await move('d1', 'Won')
  crm.at(day('02-11'))
  await move('d4', 'Qualified')
  crm.at(day('02-14'))
  await move('d2', 'Lost')
  crm.at(day('03-01'))
  await create('d3', 'A', 'c1', 200_000, 'ann')
  await create('d6', 'B', 'c2', 30_000, 'bob')
  await create('deleted', 'D', 'c4', 999_000, 'ann', '2026-05-01')
  crm.at(day('03-02'))
  await move('deleted', 'Proposal')
  await t.deals.delete(deals.deleted?.id ?? '')
  crm.at(day('03-03'))
  await move('d5', 'Negotiation')
  crm.at(day('03-11'))
  await move('d3', 'Proposal')
  crm.at(day('03-20'))
  await move('d7', 'Won')
  crm.at(day('04-10'))
  await move('d3', 'Won')

  // Another tenant's pipeline and won deal must never show up.
  const other = crm.tenant('other')
  const op = await other.pipelines.create({
    name: 'Other',
    currency: 'EUR',
    stages: [{ name: 'Won', probability: 1, kind: 'won' }],
  })
  await other.deals.create({ title: 'x', pipelineId: op.id, amount: { value: 7_000_000, currency: 'EUR' } })
  return { pipeline, stage, deals }
}
