import { describe, expect, it } from 'vitest'
import { check } from '../shared/validation.js'
import { companyInputSchema, companyPatchSchema } from './schemas.js'

const paths = (schema: typeof companyInputSchema | typeof companyPatchSchema, input: unknown) => {
  const result = check(schema, input)
  return result.ok ? [] : result.issues.map((i) => i.path.join('.'))
}

describe('company input', () => {
  it('needs a non-blank name on create, normalises the domain', () => {
    expect(paths(companyInputSchema, {})).toEqual(['name'])
    expect(paths(companyInputSchema, { name: '   ' })).toEqual(['name'])
    expect(check(companyInputSchema, { name: ' Acme ', domain: ' ACME.com ' })).toEqual({
      ok: true,
      value: { name: 'Acme', domain: 'acme.com' },
    })
  })

  it('size is a non-negative integer', () => {
    expect(paths(companyInputSchema, { name: 'A', size: -1 })).toEqual(['size'])
    expect(paths(companyInputSchema, { name: 'A', size: 2.5 })).toEqual(['size'])
  })

  it('a patch may leave the name out but stays strict about read-only keys', () => {
    expect(paths(companyPatchSchema, { industry: 'Retail' })).toEqual([])
    expect(paths(companyPatchSchema, { name: null })).toEqual(['name'])
    expect(paths(companyPatchSchema, { contactIds: [], createdAt: 'x' })).toEqual(['contactIds', 'createdAt'])
  })
})
