/**
 * Money sums are exact or refused, the same on every adapter: past 2^53 a JavaScript number skips
 * integers, and SQLite's integer `sum()` overflows past 2^63. Either way the caller gets an
 * OverflowError, never a silently wrong total or an untyped driver error.
 */
import { OverflowError, type TenantCrm } from '@crmkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { pipelineForecast } from './pipeline-forecast.js'

const MAX = Number.MAX_SAFE_INTEGER

async function pipelineWithDeals(t: TenantCrm, amounts: readonly number[]): Promise<string> {
  const pipeline = await t.pipelines.create({
    name: 'Big',
    currency: 'EUR',
    stages: [{ name: 'Open', probability: 0.5 }],
  })
  // In slices: a thousand concurrent creates would only queue behind the pool.
  for (let start = 0; start < amounts.length; start += 50) {
    await Promise.all(
      amounts
        .slice(start, start + 50)
        .map((value, i) =>
          t.deals.create({ title: `d${start + i}`, pipelineId: pipeline.id, amount: { value, currency: 'EUR' } }),
        ),
    )
  }
  return pipeline.id
}

const totalOf = (t: TenantCrm, pipelineId: string) =>
  t.insights.cube({
    entity: 'deals',
    where: { field: 'pipelineId', op: 'eq', value: pipelineId },
    measures: [{ fn: 'sum', field: 'amount', as: 'total' }],
  })

describe.each(adapters)('exact money sums on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  beforeAll(async () => {
    crm = await openCrm(adapter)
  }, DB_TIMEOUT)
  afterAll(() => crm?.close())

  it('a sum of exactly 2^53 - 1 is returned exactly', async () => {
    const t = crm.tenant('exact')
    const pipelineId = await pipelineWithDeals(t, [MAX - 1000, 1000])
    expect((await totalOf(t, pipelineId)).rows).toEqual([{ total: MAX }])
  })

  it('a sum past 2^53 - 1 is an OverflowError in cubes and in the pipeline forecast', async () => {
    const t = crm.tenant('past-safe')
    const pipelineId = await pipelineWithDeals(t, [MAX, 2])
    await expect(totalOf(t, pipelineId)).rejects.toBeInstanceOf(OverflowError)
    await expect(pipelineForecast(t, { pipelineId })).rejects.toBeInstanceOf(OverflowError)
  })

  it("a sum past SQLite's 2^63 integer range is an OverflowError too, not a StorageError", async () => {
    const t = crm.tenant('past-int64')
    // 1,025 deals of 2^53 - 1 sum to about 2^63 + 2^53: beyond a signed 64-bit integer.
    const pipelineId = await pipelineWithDeals(
      t,
      Array.from({ length: 1025 }, () => MAX),
    )
    await expect(totalOf(t, pipelineId)).rejects.toBeInstanceOf(OverflowError)
  })
})
