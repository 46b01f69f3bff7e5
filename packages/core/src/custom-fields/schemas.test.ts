import { describe, expect, it } from 'vitest'
import { check } from '../shared/validation.js'
import { customFieldDefineSchema } from './schemas.js'

const paths = (input: unknown) => {
  const result = check(customFieldDefineSchema, input)
  return result.ok ? [] : result.issues.map((i) => i.path.join('.'))
}

describe('custom field definitions', () => {
  it('accept a well-formed definition', () => {
    expect(paths({ entity: 'contact', key: 'renewalDate', label: 'Renewal', type: 'date', required: true })).toEqual([])
    expect(paths({ entity: 'deal', key: 'tier', label: 'Tier', type: 'select', options: ['a', 'b'] })).toEqual([])
  })

  it('keys are identifiers usable as custom.<key>', () => {
    for (const key of ['Plan', '1plan', 'plan-x', 'a.b', '', 'x'.repeat(65)]) {
      expect(paths({ entity: 'contact', key, label: 'L', type: 'text' }), key).toEqual(['key'])
    }
  })

  it('select and multiselect need unique options; other types take none', () => {
    expect(paths({ entity: 'contact', key: 'p', label: 'L', type: 'select' })).toEqual(['options'])
    expect(paths({ entity: 'contact', key: 'p', label: 'L', type: 'multiselect', options: [] })).toEqual(['options'])
    expect(paths({ entity: 'contact', key: 'p', label: 'L', type: 'select', options: ['a', 'a'] })).toEqual(['options'])
    expect(paths({ entity: 'contact', key: 'p', label: 'L', type: 'number', options: ['a'] })).toEqual(['options'])
  })

  it('refuse unknown entities, types, and keys the caller may not set', () => {
    expect(paths({ entity: 'task', key: 'p', label: 'L', type: 'money', id: 'x', tenantId: 't' })).toEqual([
      'entity',
      'type',
      'id',
      'tenantId',
    ])
  })
})
