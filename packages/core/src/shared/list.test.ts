import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors.js'
import type { QueryOrder } from '../storage/port.js'
import { decodeCursor } from './cursor.js'
import { combine, encodeCursor } from './list.js'

const byName: QueryOrder = { column: 'lastName', direction: 'desc' }

describe('list cursors', () => {
  it('round-trip the sort value and id, including non-ASCII text, numbers and NULL', () => {
    for (const value of ['Ångström 日本 😀', null, '']) {
      const cursor = encodeCursor(byName, { id: 'id-1', lastName: value })
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(decodeCursor(cursor, byName, 'contacts')).toEqual({ value, id: 'id-1' })
    }
    const bySize: QueryOrder = { column: 'size', direction: 'asc' }
    for (const value of [42, -7, 0, null]) {
      expect(decodeCursor(encodeCursor(bySize, { id: 'c', size: value }), bySize, 'companies')).toEqual({
        value,
        id: 'c',
      })
    }
    const byProbability: QueryOrder = { column: 'probability', direction: 'asc' }
    expect(decodeCursor(encodeCursor(byProbability, { id: 's', probability: -1.5 }), byProbability, 'stages')).toEqual({
      value: -1.5,
      id: 's',
    })
  })

  it('refuse a cursor made for another sort, and garbage, as ValidationError on path cursor', () => {
    const cursor = encodeCursor(byName, { id: 'a', lastName: 'x' })
    for (const [bad, order] of [
      [cursor, { column: 'lastName', direction: 'asc' }],
      [cursor, { column: 'id', direction: 'desc' }],
      ['not a cursor', byName],
      ['e30', byName],
    ] as const) {
      const run = () => decodeCursor(bad, order, 'contacts')
      expect(run).toThrow(ValidationError)
      try {
        run()
      } catch (e) {
        expect((e as ValidationError).issues[0]?.path).toEqual(['cursor'])
      }
    }
  })

  it('combine ANDs two optional filters', () => {
    const a = { kind: 'all', nodes: [] } as const
    const b = { kind: 'any', nodes: [] } as const
    expect(combine(undefined, undefined)).toBeUndefined()
    expect(combine(a, undefined)).toBe(a)
    expect(combine(undefined, b)).toBe(b)
    expect(combine(a, b)).toEqual({ kind: 'all', nodes: [a, b] })
  })
})
