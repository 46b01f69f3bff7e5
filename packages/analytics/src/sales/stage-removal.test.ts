/**
 * Stage analytics after `pipelines.removeStage`: the removed stage leaves the reports, the
 * deals it held count in the stage they moved to (from the move's time on), and stays
 * logged before the removal are not credited to any other stage. Values computed by hand.
 */
import type { Pipeline } from '@crmkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { stageFunnel, timeInStage } from './stage-metrics.js'

const amount = { value: 1_000, currency: 'EUR' }

describe.each(adapters)('stage analytics after a stage removal on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  let before: Pipeline
  beforeAll(async () => {
    crm = await openCrm(adapter)
    const { t } = crm
    crm.at('2026-01-01T00:00:00.000Z')
    before = await t.pipelines.create({
      name: 'Sales',
      currency: 'EUR',
      stages: [
        { name: 'Lead', probability: 0.1 },
        { name: 'Demo', probability: 0.3 },
        { name: 'Proposal', probability: 0.6 },
        { name: 'Won', probability: 1, kind: 'won' },
        { name: 'Lost', probability: 0, kind: 'lost' },
      ],
    })
    const [, demo, proposal, , lost] = before.stages.map((s) => s.id)
    const a = await t.deals.create({ title: 'A', pipelineId: before.id, amount })
    const b = await t.deals.create({ title: 'B', pipelineId: before.id, amount })
    crm.at('2026-01-02T00:00:00.000Z')
    const c = await t.deals.create({ title: 'C', pipelineId: before.id, amount })
    crm.at('2026-01-03T00:00:00.000Z')
    await t.deals.moveToStage(a.id, demo!)
    crm.at('2026-01-04T00:00:00.000Z')
    await t.deals.moveToStage(c.id, lost!)
    crm.at('2026-01-05T00:00:00.000Z')
    await t.deals.moveToStage(b.id, demo!)
    crm.at('2026-01-07T00:00:00.000Z')
    await t.deals.moveToStage(a.id, proposal!)
  }, DB_TIMEOUT)
  afterAll(() => crm?.close())

  it('before: Demo has A’s finished 4-day stay and B running', async () => {
    const demo = (await timeInStage(crm.t, { pipelineId: before.id })).find((s) => s.name === 'Demo')
    expect(demo).toMatchObject({ stays: 1, meanDays: 4, current: 1 })
  })

  it('after: Demo is gone, B counts in Proposal, and Lead and the funnel are as before for the rest', async () => {
    const [, demo, proposal] = before.stages.map((s) => s.id)
    crm.at('2026-01-10T00:00:00.000Z')
    await crm.t.pipelines.removeStage(before.id, demo!, { moveDealsTo: proposal! })
    const stages = await timeInStage(crm.t, { pipelineId: before.id })
    expect(stages.map((s) => [s.name, s.stays, s.meanDays, s.medianDays, s.current])).toEqual([
      // Lead stays: A 2 days, B 4 days, C 2 days.
      ['Lead', 3, 8 / 3, 2, 0],
      // A since Jan 7 and B since the removal: both still running.
      ['Proposal', 0, null, null, 2],
      ['Won', 0, null, null, 0],
      ['Lost', 0, null, null, 0],
    ])
    const funnel = await stageFunnel(crm.t, { pipelineId: before.id })
    expect(funnel.map((s) => [s.name, s.reached, s.conversionFromPrevious])).toEqual([
      ['Lead', 3, null],
      ['Proposal', 2, 2 / 3],
      ['Won', 0, 0],
    ])
  })
})
