import { describe, expect, it } from 'vitest'
import { byChannel, expectClose } from './__tests__/helpers.js'
import { attribute } from './attribute.js'
import { preparePaths } from './prepare.js'

const rows = [
  { path: ['social', 'search', 'email', 'search'], conversions: 4, value: 400, nulls: 10 },
  { path: ['search', 'direct'], conversions: 2, value: 50 },
  { path: ['direct', 'direct'], conversions: 1, value: 10, nulls: 3 },
  { path: ['email'], conversions: 0, nulls: 7 },
]

const credits = (model: 'first' | 'last' | 'linear' | 'linearUnique') =>
  Object.fromEntries(attribute(rows, { model }).channels.map((c) => [c.channel, [c.conversions, c.value]]))

describe('heuristic models over aggregated paths', () => {
  it('first and last credit the first and last touch with the whole conversion and value', () => {
    expect(credits('first')).toEqual({ social: [4, 400], search: [2, 50], direct: [1, 10], email: [0, 0] })
    expect(credits('last')).toEqual({ search: [4, 400], direct: [3, 60], email: [0, 0], social: [0, 0] })
  })

  it("lastNonDirect skips trailing direct visits, keeps all-direct paths on direct, and honours the channel's name", () => {
    const result = byChannel(attribute(rows, { model: 'lastNonDirect' }).channels)
    expect(result.get('search')?.conversions).toBe(6)
    expect(result.get('direct')?.conversions).toBe(1)
    const renamed = rows.map((r) => ({ ...r, path: r.path.map((c) => (c === 'direct' ? '(none)' : c)) }))
    const custom = byChannel(attribute(renamed, { model: 'lastNonDirect', directChannel: '(none)' }).channels)
    expect(custom.get('search')?.conversions).toBe(6)
    expect(custom.get('(none)')?.conversions).toBe(1)
  })

  it('linear credits per occurrence: a channel twice on a path of 4 gets 2/4', () => {
    const c = credits('linear')
    expectClose(c.search?.[0] as number, (4 * 2) / 4 + 2 / 2, 1e-15, 'search')
    expectClose(c.social?.[0] as number, 1, 1e-15, 'social')
    expectClose(c.search?.[1] as number, (400 * 2) / 4 + 50 / 2, 1e-12, 'search value')
    expectClose(c.direct?.[0] as number, 1 + 1, 1e-15, 'direct')
  })

  it('linearUnique gives each distinct channel of a path an equal share', () => {
    const c = credits('linearUnique')
    expectClose(c.search?.[0] as number, 4 / 3 + 1, 1e-15, 'search')
    expectClose(c.email?.[0] as number, 4 / 3, 1e-15, 'email')
    expectClose(c.direct?.[0] as number, 1 + 1, 1e-15, 'direct')
  })

  it('reports totals, shares, and the channels of the universe with zero rows', () => {
    const result = attribute(rows, { model: 'last', channels: ['tv', 'search'] })
    expect(result).toMatchObject({ totalConversions: 7, totalValue: 460, totalNulls: 20, paths: 4 })
    const tv = byChannel(result.channels).get('tv')
    expect(tv).toEqual({ channel: 'tv', conversions: 0, value: 0, share: 0 })
    expectClose(byChannel(result.channels).get('search')?.share as number, 4 / 7, 1e-15, 'share')
    // Most credited first, ties broken by name.
    expect(result.channels.map((c) => c.channel)).toEqual(['search', 'direct', 'email', 'social', 'tv'])
  })

  it('gives the same result from prepared paths, which can be reused across models', () => {
    const prepared = preparePaths(rows)
    expect(prepared.channels).toEqual(['social', 'search', 'email', 'direct'])
    expect(prepared.size).toBe(4)
    for (const model of ['first', 'last', 'linear', 'linearUnique'] as const) {
      expect(attribute(prepared, { model })).toEqual(attribute(rows, { model }))
    }
  })
})
