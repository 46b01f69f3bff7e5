import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareCodePoints, compareStorageValues } from './compare.js'

const codePoints = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0) ?? 0)

function lexicographic(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    if (x !== y) return x < y ? -1 : 1
  }
  return Math.sign(a.length - b.length)
}

const anyString = fc.string({ unit: 'binary', maxLength: 12 })
/** Strings biased towards the range where UTF-16 and code point order disagree. */
const trickyString = fc.string({
  unit: fc.constantFrom('a', 'z', '\uE000', '\uFFFF', '\uFF5E', '😀', '𝄞', '\u{10FFFF}', '\u0000'),
  maxLength: 6,
})

describe('compareCodePoints', () => {
  it('orders astral characters after every BMP character, unlike JS <', () => {
    expect('\uFFFF' < '😀').toBe(false) // UTF-16 order: 0xFFFF > 0xD83D
    expect(compareCodePoints('\uFFFF', '😀')).toBeLessThan(0)
    expect(compareCodePoints('\uE000', '𝄞')).toBeLessThan(0)
    expect(compareCodePoints('😀', '\uFFFF')).toBeGreaterThan(0)
    expect(['😀', '\uFFFF', 'a', '\uE000', ''].sort(compareCodePoints)).toEqual(['', 'a', '\uE000', '\uFFFF', '😀'])
  })

  it('is the lexicographic order of code points', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, trickyString), fc.oneof(anyString, trickyString), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(lexicographic(codePoints(a), codePoints(b)))
      }),
    )
  })

  it('is the order of UTF-8 bytes (what binary SQL collations compare)', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, trickyString), fc.oneof(anyString, trickyString), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Buffer.compare(Buffer.from(a), Buffer.from(b)))
      }),
    )
  })

  it('is a total order, also over lone surrogates', () => {
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 5 }).map((u) => String.fromCharCode(...u))
    fc.assert(
      fc.property(units, units, units, (a, b, c) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(0 - Math.sign(compareCodePoints(b, a)) || 0)
        expect(compareCodePoints(a, b) === 0).toBe(a === b)
        if (compareCodePoints(a, b) <= 0 && compareCodePoints(b, c) <= 0)
          expect(compareCodePoints(a, c)).toBeLessThanOrEqual(0)
      }),
    )
  })
})

describe('compareStorageValues', () => {
  it('sorts NULL and missing values last, numbers numerically, strings by code point', () => {
    const values = [null, 10, 9, undefined, 2.5, -1]
    expect([...values].sort(compareStorageValues)).toEqual([-1, 2.5, 9, 10, null, undefined])
    expect(['b', null, '😀', 'B', '\uFFFF'].sort(compareStorageValues)).toEqual(['B', 'b', '\uFFFF', '😀', null])
  })

  it('refuses to order arrays and objects', () => {
    expect(() => compareStorageValues(['a'], 'b')).toThrow(TypeError)
    expect(() => compareStorageValues({ a: 1 }, 1)).toThrow(TypeError)
  })
})
