import { describe, expect, it } from 'vitest'
import { isStorableDate, toDateString, toTimestamp } from './clock.js'
import { ValidationError } from './errors.js'

describe('clock helpers', () => {
  it('storage timestamps are fixed-width UTC with milliseconds', () => {
    expect(toTimestamp(new Date('2026-01-31T10:30:00+02:00'))).toBe('2026-01-31T08:30:00.000Z')
    expect(toTimestamp(new Date(Date.UTC(1, 0, 1)))).toHaveLength(24)
    expect(toDateString(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01')
  })

  it('refuses invalid dates and years outside 0000..9999 (they would not be 24 characters)', () => {
    expect(isStorableDate(new Date(Number.NaN))).toBe(false)
    expect(isStorableDate(new Date('+010000-01-01T00:00:00Z'))).toBe(false)
    expect(isStorableDate(new Date('-000001-12-31T00:00:00Z'))).toBe(false)
    expect(isStorableDate(new Date('0000-01-01T00:00:00Z'))).toBe(true)
    expect(() => toTimestamp(new Date(Number.NaN))).toThrow(ValidationError)
  })
})
