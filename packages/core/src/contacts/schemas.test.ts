import { describe, expect, it } from 'vitest'
import { check } from '../shared/validation.js'
import { contactInputSchema, contactPatchSchema } from './schemas.js'

const issuesOf = (schema: typeof contactInputSchema, input: unknown) => {
  const result = check(schema, input)
  return result.ok ? [] : result.issues
}

describe('contact input', () => {
  it('normalises email and tags and leaves absent fields absent', () => {
    const result = check(contactInputSchema, { email: ' Ada@Example.COM ', firstName: ' Ada ', tags: ['vip', 'vip'] })
    expect(result).toEqual({ ok: true, value: { email: 'ada@example.com', firstName: 'Ada', tags: ['vip'] } })
  })

  it('null clears a field; an empty string is a value', () => {
    expect(check(contactPatchSchema, { email: null, title: '' })).toEqual({
      ok: true,
      value: { email: null, title: '' },
    })
  })

  it('refuses every key the caller may not set, each at its own path, together with other problems', () => {
    const forbidden = {
      id: 'x',
      tenantId: 't',
      version: 9,
      createdAt: 'c',
      updatedAt: 'u',
      deletedAt: null,
      nickname: 'typo',
    }
    const issues = issuesOf(contactInputSchema, { email: 'nope', ...forbidden })
    expect(issues.map((i) => i.path.join('.'))).toEqual(['email', ...Object.keys(forbidden)])
    expect(issues.filter((i) => i.code === 'unrecognized_keys')).toHaveLength(7)
    expect(issuesOf(contactPatchSchema, { version: 2 }).map((i) => i.path)).toEqual([['version']])
  })

  it('reports nested paths: lifecycle stage, tag items, company ids', () => {
    const issues = issuesOf(contactInputSchema, {
      lifecycleStage: 'king',
      tags: ['ok', 7],
      companyIds: ['a', ''],
      ownerId: '',
    })
    expect(issues.map((i) => i.path)).toEqual([['lifecycleStage'], ['ownerId'], ['tags', 1], ['companyIds', 1]])
  })

  it('custom is passed through for the custom-field rules (which check it against the definitions)', () => {
    expect(check(contactInputSchema, { custom: { plan: 'pro' } })).toEqual({
      ok: true,
      value: { custom: { plan: 'pro' } },
    })
  })
})
