/**
 * RFM segments saved as crmkit segments, on every storage adapter: membership equals the
 * rfm package rules applied to the same orders, a repeat changes nothing, and a new purchase
 * moves exactly the contacts whose segment changed.
 */
import type { TenantCrm } from '@crmkit/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RfmOrder, rfm } from '../rfm/rfm.js'
import { adapters, DB_TIMEOUT, openCrm, type TestCrm } from './__tests__/harness.js'
import { rfmSegments } from './rfm-segments.js'

const DAY = 86_400_000
const start = Date.parse('2025-01-01T12:00:00.000Z')

/** Twelve contacts with 1..5 won deals each at spread-out dates and amounts; returns the orders as rfm() sees them. */
async function seed(
  crm: TestCrm,
  t: TenantCrm,
): Promise<{ orders: RfmOrder[]; contacts: string[]; pipelineId: string; won: string }> {
  crm.at(new Date(start).toISOString())
  const p = await t.pipelines.create({
    name: 'Shop',
    currency: 'EUR',
    stages: [
      { name: 'Open', probability: 0.5 },
      { name: 'Paid', probability: 1, kind: 'won' },
    ],
  })
  const won = p.stages[1]!.id
  const contacts: string[] = []
  const orders: RfmOrder[] = []
  for (let i = 0; i < 12; i++) contacts.push((await t.contacts.create({ email: `c${i}@rfm.io` })).id)
  for (let i = 0; i < 12; i++) {
    for (let k = 0; k <= i % 5; k++) {
      const at = new Date(start + ((i * 17 + k * 29) % 300) * DAY).toISOString()
      crm.at(at)
      const value = 1000 * (1 + ((i * 7 + k) % 9))
      await t.deals.create({
        title: `o${i}.${k}`,
        pipelineId: p.id,
        stageId: won,
        amount: { value, currency: 'EUR' },
        contactIds: [contacts[i]!],
      })
      orders.push({ customerId: contacts[i]!, orderDate: at, revenue: value })
    }
  }
  return { orders, contacts, pipelineId: p.id, won }
}

async function membersOf(t: TenantCrm, segmentId: string): Promise<string[]> {
  return (await t.segments.members(segmentId, { limit: 1000 })).items.map((c) => c.id).sort()
}

describe.each(adapters)('rfm segments on %s', { timeout: DB_TIMEOUT }, (adapter) => {
  let crm: TestCrm
  beforeAll(async () => {
    crm = await openCrm(adapter)
  })
  afterAll(() => crm.close())

  it('saves one static segment per rule, equal to rfm() on the same orders; a repeat changes nothing; a purchase moves contacts', async () => {
    const { t } = crm
    const { orders, contacts, pipelineId, won } = await seed(crm, t)
    const analysisDate = '2026-01-01T00:00:00.000Z'
    crm.at(analysisDate)
    const first = await rfmSegments(t)
    const expected = rfm(orders, { analysisDate })
    expect(first.customers).toEqual(expected.customers)
    const named = expected.customers.filter((c) => c.segment !== 'Others')
    expect(named.length).toBeGreaterThan(3)
    for (const state of first.segments) {
      const want = expected.customers
        .filter((c) => c.segment === state.name)
        .map((c) => c.customerId)
        .sort()
      expect(await membersOf(t, state.segment.id)).toEqual(want)
      expect(state).toMatchObject({ members: want.length, entered: want.length, left: 0 })
      expect(state.segment.name).toBe(`RFM: ${state.name}`)
    }
    // Segments are ordinary: usable in filters.
    const champions = first.segments.find((s) => s.name === 'Champions')!.segment
    expect(await t.contacts.count({ where: { inSegment: champions.id } })).toBe(
      expected.customers.filter((c) => c.segment === 'Champions').length,
    )

    const again = await rfmSegments(t)
    expect(again.segments.map((s) => [s.entered, s.left])).toEqual(again.segments.map(() => [0, 0]))
    expect(again.segments.map((s) => s.segment.id)).toEqual(first.segments.map((s) => s.segment.id))

    // The least active contact buys big today: it (and possibly others, via the quantiles) moves.
    const [quiet] = [...expected.customers].sort((a, b) => a.rfmScore - b.rfmScore)
    await t.deals.create({
      title: 'big',
      pipelineId,
      stageId: won,
      amount: { value: 50_000, currency: 'EUR' },
      contactIds: [quiet!.customerId],
    })
    const next = rfm([...orders, { customerId: quiet!.customerId, orderDate: analysisDate, revenue: 50_000 }], {
      analysisDate,
    })
    const moved = await rfmSegments(t)
    for (const state of moved.segments) {
      const want = next.customers
        .filter((c) => c.segment === state.name)
        .map((c) => c.customerId)
        .sort()
      expect(await membersOf(t, state.segment.id)).toEqual(want)
    }
    const changed = next.customers.filter((c, i) => c.segment !== expected.customers[i]!.segment)
    expect(changed.map((c) => c.customerId)).toContain(quiet!.customerId)
    const enteredTotal = moved.segments.reduce((n, s) => n + s.entered, 0)
    const leftTotal = moved.segments.reduce((n, s) => n + s.left, 0)
    const fromOthers = changed.filter(
      (c, i) => expected.customers.find((e) => e.customerId === c.customerId)?.segment === 'Others',
    ).length
    const toOthers = changed.filter((c) => c.segment === 'Others').length
    expect(enteredTotal).toBe(changed.length - toOthers)
    expect(leftTotal).toBe(changed.length - fromOthers)
    expect(contacts).toHaveLength(12)
  })
})
