import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors.js'
import type { StorageRow } from '../storage/port.js'
import { evaluateFilter } from './evaluate.js'
import { resolveSearch, searchLimits } from './search.js'

const ada: StorageRow = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@analytical.io' }
const emile: StorageRow = { firstName: 'Émile', lastName: null, email: null }
const matches = (text: string, row: StorageRow) => {
  const filter = resolveSearch('contacts', text)
  return filter === undefined || evaluateFilter(filter, row)
}

describe('resolveSearch', () => {
  it('ANDs the words; each is an ASCII-case-insensitive substring of any search field', () => {
    expect(matches('ada', ada)).toBe(true)
    expect(matches('LOVE ADA', ada)).toBe(true)
    expect(matches('analytical lovelace', ada)).toBe(true)
    expect(matches('ada turing', ada)).toBe(false)
    expect(matches('émile', emile)).toBe(false)
    expect(matches('Émile', emile)).toBe(true)
    // A NULL field is UNKNOWN, but another field can still match.
    expect(matches('mile', emile)).toBe(true)
    expect(matches('x', emile)).toBe(false)
  })

  it('resolves to containsi conditions on the entity search fields', () => {
    expect(resolveSearch('deals', ' Renewal\t2027 ')).toEqual({
      kind: 'all',
      nodes: ['Renewal', '2027'].map((word) => ({
        kind: 'any',
        nodes: [
          {
            kind: 'condition',
            target: { source: 'column', column: 'title', type: 'string' },
            op: 'containsi',
            value: word,
          },
        ],
      })),
    })
    expect(resolveSearch('companies', 'acme')).toMatchObject({
      nodes: [{ nodes: [{ target: { column: 'name' } }, { target: { column: 'domain' } }] }],
    })
  })

  it('treats an empty or blank search as no condition', () => {
    expect(resolveSearch('contacts', '')).toBeUndefined()
    expect(resolveSearch('contacts', ' \t\n ')).toBeUndefined()
  })

  it('rejects what it cannot search for with a ValidationError at the root path', () => {
    const bad = [
      () => resolveSearch('contacts', 3),
      () => resolveSearch('contacts', 'x'.repeat(searchLimits.maxLength + 1)),
      () => resolveSearch('contacts', Array.from({ length: searchLimits.maxWords + 1 }, () => 'w').join(' ')),
      () => resolveSearch('contacts', 'a\u0000'),
      () => resolveSearch('contacts', '\uD800'),
      () => resolveSearch('pipelines', 'x'),
    ]
    for (const call of bad) {
      try {
        call()
        expect.unreachable('expected a ValidationError')
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError)
        expect((error as ValidationError).issues.map((i) => i.path)).toEqual([[]])
      }
    }
  })
})
