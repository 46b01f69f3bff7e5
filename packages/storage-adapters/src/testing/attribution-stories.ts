/**
 * Small attribution worlds for the report tests, each with credits that can be derived by
 * hand, and the helpers that state those credits.
 */
import { people } from './attribution.js'
import type { Tenant, TestClock } from './context.js'
import { salesPipeline } from './crud-pipeline.js'

export const DAY = 86_400_000
export const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 0, 1) + day * DAY + hour * 3_600_000).toISOString()
export const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))

/** A small world whose reports can be derived by hand. */
export async function seedStory(t: Tenant) {
  const [ann, ben, cat, dan] = await people(t, 4)
  await t.attribution.trackMany([
    { channel: 'ads', campaign: 'spring', source: 'google', contactId: ann!, occurredAt: at(1) },
    { channel: 'email', contactId: ann!, occurredAt: at(3) },
    { channel: 'seo', source: 'google', contactId: ben!, occurredAt: at(2) },
    { channel: 'ads', campaign: 'spring', contactId: cat!, occurredAt: at(1) },
    { channel: 'seo', contactId: cat!, occurredAt: at(2) },
    { channel: 'email', contactId: dan!, occurredAt: at(-100) },
  ])
  await t.attribution.recordConversion({
    type: 'purchase',
    value: 100,
    currency: 'EUR',
    contactId: ann!,
    occurredAt: at(5),
  })
  await t.attribution.recordConversion({
    type: 'purchase',
    value: 50,
    currency: 'EUR',
    contactId: ben!,
    occurredAt: at(4),
  })
  await t.attribution.recordConversion({
    type: 'signup',
    value: 7,
    currency: 'EUR',
    contactId: dan!,
    occurredAt: at(6),
  })
  return { ann: ann!, ben: ben!, cat: cat!, dan: dan! }
}

/**
 * Journeys whose milestones come from the CRM: when each contact and deal was created.
 * Credits per journey are listed beside each one (first touch, lead, opportunity, rest).
 */
export async function seedFunnel(t: Tenant, clock: TestClock) {
  const p = await salesPipeline(t)
  const contact = async (day: number, hour: number, email: string) => {
    clock.set(at(day, hour))
    return (await t.contacts.create({ email })).id
  }
  const deal = async (day: number, hour: number, contactId: string, value: number) => {
    clock.set(at(day, hour))
    return t.deals.create({ title: 'D', pipelineId: p.id, amount: { value, currency: 'EUR' }, contactIds: [contactId] })
  }
  const touches = (contactId: string, list: [string, number][]) =>
    t.attribution.trackMany(list.map(([channel, day]) => ({ channel, contactId, occurredAt: at(day) })))
  // ann: lead created after seo, her deal after email; the won deal converts (1000).
  const ann = await contact(2, 6, 'ann@funnel.io')
  await touches(ann, [
    ['ads', 1],
    ['seo', 2],
    ['social', 3],
    ['email', 4],
    ['ads', 5],
  ])
  const won = await deal(4, 6, ann, 1000)
  clock.set(at(6))
  await t.deals.moveToStage(won.id, p.stages[2]!.id)
  // ben: created before any touch (no lead touch); a deleted earlier deal and a deal after
  // the purchase do not count: the opportunity is his live deal of day 4 (email).
  const ben = await contact(0, 0, 'ben@funnel.io')
  await touches(ben, [
    ['seo', 1],
    ['email', 3],
    ['ads', 5],
  ])
  const deleted = await deal(1, 6, ben, 1)
  await t.deals.delete(deleted.id)
  await deal(4, 0, ben, 1)
  clock.set(at(7))
  await t.attribution.recordConversion({
    type: 'purchase',
    value: 100,
    currency: 'EUR',
    contactId: ben,
    occurredAt: at(7),
  })
  await deal(8, 0, ben, 1)
  // cat: lead and opportunity created between the same touches: email holds both.
  const cat = await contact(3, 6, 'cat@funnel.io')
  await touches(cat, [
    ['ads', 1],
    ['email', 3],
    ['seo', 5],
  ])
  await deal(3, 12, cat, 1)
  clock.set(at(6, 1))
  await t.attribution.recordConversion({
    type: 'purchase',
    value: 10,
    currency: 'EUR',
    contactId: cat,
    occurredAt: at(6),
  })
}

/** Sum per key of journey credit maps weighted by each journey's value. */
export function expected(journeys: readonly [value: number, credits: Record<string, number>][]) {
  const sums = new Map<string, [number, number]>()
  for (const [value, credits] of journeys) {
    for (const [key, c] of Object.entries(credits)) {
      const [n, v] = sums.get(key) ?? [0, 0]
      sums.set(key, [n + c, v + c * value])
    }
  }
  return [...sums]
    .map(([key, [n, v]]) => [key, Number(n.toFixed(9)), Number(v.toFixed(9))] as const)
    .sort((a, b) => b[1] - a[1])
}

export const range = { from: at(0), to: at(30), lookbackDays: 30 }
export const pairs = (rows: readonly { key: string; conversions: number; revenue: number }[]) =>
  rows.map((r) => [r.key, Number(r.conversions.toFixed(9)), Number(r.revenue.toFixed(9))])
