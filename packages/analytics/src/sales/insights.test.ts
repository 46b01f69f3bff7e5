/**
 * `t.insights` and `groupBy` over every storage adapter: hand-computed slices of the small
 * history, validation, the transition log's pages, and — with fast-check on random data and
 * random cubes — that each SQL adapter's GROUP BY pushdown returns exactly the memory adapter's
 * JavaScript aggregation.
 */
import type { CubeDimension, CubeMeasure, TenantCrm } from '@crmkit/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { type SmallSeed, seedSmall } from './__tests__/seed-small.js'
import { groupBy } from './personas.js'

describe.each(adapters)('insights on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  let seed: SmallSeed
  beforeAll(async () => {
    crm = await openCrm(adapter)
    seed = await seedSmall(crm)
  }, DB_TIMEOUT)
  afterAll(() => crm?.close())

  it('slices deals by status x owner with counts and sums (deleted deals and other tenants left out)', async () => {
    const cube = await groupBy(crm.t, {
      entity: 'deals',
      dimensions: ['status', 'ownerId'],
      measures: [
        { fn: 'count', as: 'deals' },
        { fn: 'sum', field: 'amount', as: 'amount' },
      ],
    })
    expect(cube.rows).toEqual([
      { status: 'lost', ownerId: 'bob', deals: 1, amount: 50_000 },
      { status: 'open', ownerId: 'ann', deals: 1, amount: 40_000 },
      { status: 'open', ownerId: 'bob', deals: 2, amount: 110_000 },
      { status: 'won', ownerId: 'ann', deals: 3, amount: 360_000 },
    ])
  })

  it('keeps measures named like Object.prototype members (__proto__, constructor, toString) as own keys', async () => {
    const cube = await crm.t.insights.cube({
      entity: 'deals',
      dimensions: ['status'],
      measures: [
        { fn: 'count', as: '__proto__' },
        { fn: 'sum', field: 'amount', as: 'constructor' },
        { fn: 'max', field: 'amount', as: 'toString' },
      ],
    })
    const won = cube.rows.find((row) => row.status === 'won')
    expect(won && Object.entries(won)).toEqual([
      ['status', 'won'],
      ['__proto__', 3],
      ['constructor', 360_000],
      ['toString', 200_000],
    ])
    expect(cube.measures).toEqual(['__proto__', 'constructor', 'toString'])
  })

  it('slices stage x owner x month and filters with the list filter language', async () => {
    const { rows, dimensions } = await crm.t.insights.cube({
      entity: 'deals',
      where: { field: 'ownerId', op: 'eq', value: 'ann' },
      dimensions: ['stageId', 'ownerId', { field: 'closedAt', granularity: 'month' }],
      measures: [
        { fn: 'avg', field: 'amount', as: 'avg' },
        { fn: 'max', field: 'createdAt', as: 'lastCreated' },
      ],
    })
    expect(dimensions).toEqual(['stageId', 'ownerId', 'closedAt'])
    // Stage ids grow in creation order, so Negotiation sorts before Won.
    expect(rows).toEqual([
      {
        stageId: seed.stage.Negotiation,
        ownerId: 'ann',
        closedAt: null,
        avg: 40_000,
        lastCreated: '2026-02-01T09:00:00.000Z',
      },
      {
        stageId: seed.stage.Won,
        ownerId: 'ann',
        closedAt: '2026-02',
        avg: 100_000,
        lastCreated: '2026-01-05T09:00:00.000Z',
      },
      {
        stageId: seed.stage.Won,
        ownerId: 'ann',
        closedAt: '2026-03',
        avg: 60_000,
        lastCreated: '2026-01-20T09:00:00.000Z',
      },
      {
        stageId: seed.stage.Won,
        ownerId: 'ann',
        closedAt: '2026-04',
        avg: 200_000,
        lastCreated: '2026-03-01T09:00:00.000Z',
      },
    ])
    const total = await crm.t.insights.cube({ entity: 'contacts', measures: [{ fn: 'count', as: 'n' }] })
    expect(total.rows).toEqual([{ n: 5 }])
  })

  it('rejects cubes it cannot run, naming each problem', async () => {
    const bad = (options: Parameters<TenantCrm['insights']['cube']>[0]) => crm.t.insights.cube(options)
    const count = [{ fn: 'count', as: 'n' }] as const
    await expect(bad({ entity: 'deals', dimensions: ['nope'], measures: [...count] })).rejects.toThrow(
      /Unknown field 'nope'/,
    )
    await expect(bad({ entity: 'deals', dimensions: ['tags'], measures: [...count] })).rejects.toThrow(/holds a list/)
    await expect(bad({ entity: 'deals', dimensions: ['contactIds'], measures: [...count] })).rejects.toThrow(
      /link field/,
    )
    await expect(
      bad({ entity: 'deals', dimensions: [{ field: 'ownerId', granularity: 'month' }], measures: [...count] }),
    ).rejects.toThrow(/not a timestamp or date/)
    await expect(bad({ entity: 'deals', measures: [{ fn: 'sum', field: 'title', as: 's' }] })).rejects.toThrow(
      /number field/,
    )
    await expect(bad({ entity: 'deals', measures: [{ fn: 'sum', as: 's' }] })).rejects.toThrow(/needs a field/)
    await expect(
      bad({ entity: 'deals', dimensions: ['status'], measures: [{ fn: 'count', as: 'status' }] }),
    ).rejects.toThrow(/already an output name/)
    await expect(
      bad({ entity: 'deals', dimensions: ['status', 'ownerId', 'stageId', 'currency'], measures: [...count] }),
    ).rejects.toMatchObject({ code: 'VALIDATION' })
    await expect(bad({ entity: 'deals', measures: [] })).rejects.toMatchObject({ code: 'VALIDATION' })
  })

  it('pages through the transition log in time order, by pipeline and time window', async () => {
    const all: string[] = []
    let cursor: string | undefined
    do {
      const page = await crm.t.insights.transitions({ limit: 5, ...(cursor ? { cursor } : {}) })
      all.push(...page.items.map((m) => `${m.at.slice(5, 10)}:${m.dealId.slice(-2)}`))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    const streamed = []
    for await (const m of crm.t.insights.allTransitions()) streamed.push(`${m.at.slice(5, 10)}:${m.dealId.slice(-2)}`)
    expect(streamed).toEqual(all)
    // 7 deals created + 10 moves + the deleted deal's creation and move; the other tenant's not at all.
    expect(all).toHaveLength(19)
    expect([...all].sort()).toEqual(all)
    const march = await crm.t.insights.transitions({
      pipelineId: seed.pipeline.id,
      from: '2026-03-01T09:00:00.000Z',
      to: new Date('2026-03-20T09:00:00.000Z'),
    })
    expect(march.items.map((m) => m.at.slice(5, 10))).toEqual(['03-01', '03-01', '03-01', '03-02', '03-03', '03-11'])
    expect((await crm.t.insights.transitions({ pipelineId: 'none' })).items).toEqual([])
  })
})

const sqlAdapters = adapters.filter((a) => a !== 'memory')

const dealArb = fc.record({
  stage: fc.nat({ max: 2 }),
  ownerId: fc.constantFrom('ann', 'bob', 'Émile', null),
  value: fc.integer({ min: 0, max: 5_000_000 }),
  currency: fc.constantFrom('EUR', 'USD'),
  close: fc.option(fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })),
  created: fc.date({ min: new Date('2025-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
})
const dimensionArb = fc.constantFrom<CubeDimension>(
  'stageId',
  'ownerId',
  'currency',
  'status',
  'expectedCloseDate',
  { field: 'expectedCloseDate', granularity: 'month' },
  { field: 'createdAt', granularity: 'day' },
  { field: 'createdAt', granularity: 'year' },
)
const measureArb = fc.constantFrom<CubeMeasure>(
  { fn: 'count', as: 'n' },
  { fn: 'count', field: 'ownerId', as: 'owned' },
  { fn: 'sum', field: 'amount', as: 'total' },
  { fn: 'avg', field: 'amount', as: 'mean' },
  { fn: 'min', field: 'amount', as: 'least' },
  { fn: 'max', field: 'expectedCloseDate', as: 'latestClose' },
  { fn: 'min', field: 'ownerId', as: 'firstOwner' },
)
const cubeArb = fc.record({
  dimensions: fc.uniqueArray(dimensionArb, {
    maxLength: 3,
    selector: (d) => (typeof d === 'string' ? d : d.field),
  }),
  measures: fc.uniqueArray(measureArb, { minLength: 1, maxLength: 4, selector: (m) => m.as }),
  minAmount: fc.option(fc.integer({ min: 0, max: 5_000_000 })),
})

describe.runIf(sqlAdapters.length > 0)(
  'cube pushdown equals the memory aggregation (fast-check)',
  { timeout: DB_TIMEOUT },
  () => {
    const crms: TestCrm[] = []
    afterAll(async () => {
      for (const c of crms) await c.close()
    })

    it(
      'on random deals and random cubes, every SQL adapter returns what memory returns',
      async () => {
        for (const adapter of ['memory', ...sqlAdapters]) crms.push(await openCrm(adapter))
        let run = 0
        await fc.assert(
          fc.asyncProperty(
            fc.array(dealArb, { maxLength: 12 }),
            fc.array(cubeArb, { minLength: 1, maxLength: 3 }),
            async (deals, cubes) => {
              const tenant = `run${run++}`
              const tenants: TenantCrm[] = []
              for (const crm of crms) {
                const t = crm.tenant(tenant)
                crm.at('2025-01-01T00:00:00.000Z')
                // A deal is valued in its pipeline's currency: one pipeline per currency.
                const pipelines = new Map<string, Awaited<ReturnType<TenantCrm['pipelines']['create']>>>()
                for (const currency of ['EUR', 'USD']) {
                  const created = await t.pipelines.create({
                    name: `P ${currency}`,
                    currency,
                    stages: [
                      { name: 'Open', probability: 0.5 },
                      { name: 'Won', probability: 1, kind: 'won' },
                      { name: 'Lost', probability: 0, kind: 'lost' },
                    ],
                  })
                  pipelines.set(currency, created)
                }
                for (const d of deals) {
                  crm.at(d.created.toISOString())
                  const p = pipelines.get(d.currency)!
                  await t.deals.create({
                    title: 'd',
                    pipelineId: p.id,
                    stageId: p.stages[d.stage]?.id ?? '',
                    amount: { value: d.value, currency: d.currency },
                    ...(d.ownerId === null ? {} : { ownerId: d.ownerId }),
                    ...(d.close === null ? {} : { expectedCloseDate: d.close }),
                  })
                }
                tenants.push(t)
              }
              for (const c of cubes) {
                const options = {
                  entity: 'deals' as const,
                  dimensions: c.dimensions,
                  measures: c.measures,
                  ...(c.minAmount === null
                    ? {}
                    : { where: { field: 'amount', op: 'gte', value: c.minAmount } as const }),
                }
                const [memory, ...sql] = await Promise.all(tenants.map((t) => t.insights.cube(options)))
                for (const result of sql) expect(result.rows).toEqual(memory?.rows)
              }
            },
          ),
          { numRuns: 15, seed: 20261125, endOnFailure: true },
        )
      },
      DB_TIMEOUT,
    )
  },
)
