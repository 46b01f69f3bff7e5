import { describe, expect, it } from 'vitest'
import { segmentIdsIn } from '../shared/list.js'
import { dependsOn } from './live.js'
import { segmentTemplates } from './templates.js'

describe('dependsOn', () => {
  it('reads contacts always, and the kinds of related conditions and prefixed fields', () => {
    expect([...dependsOn({ field: 'email', op: 'exists' })]).toEqual(['contact'])
    expect([...dependsOn({ field: 'company.industry', op: 'eq', value: 'x' })].sort()).toEqual(['company', 'contact'])
    expect([...dependsOn({ field: 'deal.amount', op: 'gt', value: 1 })].sort()).toEqual(['contact', 'deal'])
    expect([...dependsOn({ field: 'custom.plan', op: 'eq', value: 'x' })]).toEqual(['contact'])
    expect(
      [...dependsOn({ not: { related: 'deals', where: { field: 'company.size', op: 'gt', value: 1 } } })].sort(),
    ).toEqual(['company', 'contact', 'deal'])
    expect([...dependsOn(segmentTemplates.repeatBrowsers().where)].sort()).toEqual(['activity', 'contact'])
    expect([...dependsOn(segmentTemplates.inactiveCustomers().where)].sort()).toEqual(['contact', 'conversion'])
    expect(dependsOn({ inSegment: 's' }).has('touchpoint')).toBe(true)
  })
})

describe('segmentIdsIn', () => {
  it('finds references inside related conditions too', () => {
    const where = {
      all: [
        { inSegment: 'a' },
        { related: 'companies', where: { related: 'contacts', where: { inSegment: 'b' } } },
        { not: { inSegment: 'c' } },
      ],
    }
    expect([...segmentIdsIn(where)].sort()).toEqual(['a', 'b', 'c'])
  })
})
