import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { ValidationError } from '../errors.js'
import { calendarDate, currency, email, idSet, tags, text, timestamp } from './schemas.js'
import { check, parse, toValidationIssues } from './validation.js'

const ok = <S extends z.ZodMiniType>(schema: S, value: unknown) => parse(schema, value, 'value')
const issues = (schema: z.ZodMiniType, value: unknown) => {
  const result = check(schema, value)
  return result.ok ? [] : result.issues
}

describe('shared value schemas', () => {
  it('timestamps accept Dates and ISO strings with offset, and store UTC with milliseconds', () => {
    expect(ok(timestamp, '2026-01-31T10:30:00+02:00')).toBe('2026-01-31T08:30:00.000Z')
    expect(ok(timestamp, '2026-01-31T08:30:00.5Z')).toBe('2026-01-31T08:30:00.500Z')
    expect(ok(timestamp, new Date('2026-01-31T08:30:00Z'))).toBe('2026-01-31T08:30:00.000Z')
  })

  it('timestamps refuse local times, invalid Dates, other types and years past 9999', () => {
    for (const bad of [
      '2026-01-31T10:30:00',
      '2026-02-30T00:00:00Z',
      'yesterday',
      new Date(Number.NaN),
      1_700_000_000_000,
      new Date('+010000-01-01T00:00:00Z'),
    ]) {
      expect(issues(timestamp, bad).length, String(bad)).toBeGreaterThan(0)
    }
  })

  it('calendar dates are YYYY-MM-DD real dates; a Date gives its UTC date', () => {
    expect(ok(calendarDate, '2024-02-29')).toBe('2024-02-29')
    expect(ok(calendarDate, new Date('2026-03-01T23:00:00-02:00'))).toBe('2026-03-02')
    expect(issues(calendarDate, '2023-02-29')).toHaveLength(1)
    expect(issues(calendarDate, '2026-1-5')).toHaveLength(1)
  })

  it('emails are trimmed and lowercased before they are checked', () => {
    expect(ok(email, '  Ada.King@Example.COM ')).toBe('ada.king@example.com')
    expect(issues(email, 'not an email')[0]).toMatchObject({
      path: [],
      code: 'invalid_format',
      message: 'Expected an email address',
    })
  })

  it('optional texts are trimmed and keep the empty string as a value', () => {
    expect(ok(text(), '  Ada ')).toBe('Ada')
    expect(ok(text(), '')).toBe('')
    expect(issues(text(3), 'abcd')[0]).toMatchObject({ code: 'too_big', message: 'Must be at most 3 characters long' })
  })

  it('tags and id sets drop duplicates, keeping the first occurrence', () => {
    expect(ok(tags, ['vip', ' beta', 'vip', 'beta'])).toEqual(['vip', 'beta'])
    expect(ok(idSet, ['b', 'a', 'b'])).toEqual(['b', 'a'])
    expect(issues(tags, ['ok', ''])[0]?.path).toEqual([1])
  })

  it('currencies are ISO 4217 codes, uppercased', () => {
    expect(ok(currency, 'eur')).toBe('EUR')
    expect(issues(currency, 'EURO')[0]?.message).toMatch(/ISO 4217/)
  })

  it('currencies are checked before uppercasing: letters that uppercase to A-Z do not pass', () => {
    // 'ß' uppercases to 'SS', the ligature 'ﬀ' to 'FF', dotless 'ı' to 'I'.
    for (const input of ['ßa', 'ﬀx', 'ıxx', 'eü']) expect(issues(currency, input)[0]?.message).toMatch(/ISO 4217/)
    expect(ok(currency, ' usd ')).toBe('USD')
  })
})

describe('validation helper', () => {
  const schema = z.strictObject({ name: z.string(), size: z.optional(z.int().check(z.gte(0))) })

  it('throws a ValidationError with every issue, each with path, message and code', () => {
    let error: unknown
    try {
      parse(schema, { size: 1.5, id: 'x', version: 2 }, 'company')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ValidationError)
    const { issues: all, message } = error as ValidationError
    expect(all).toEqual([
      { path: ['name'], message: 'Required', code: 'invalid_type' },
      { path: ['size'], message: 'Expected an integer, received a fraction', code: 'invalid_type' },
      { path: ['id'], message: 'Unknown or read-only key "id"', code: 'unrecognized_keys' },
      { path: ['version'], message: 'Unknown or read-only key "version"', code: 'unrecognized_keys' },
    ])
    expect(message).toMatch(/^Invalid company: name: Required/)
  })

  it('reports a non-object input at the root', () => {
    expect(issues(schema, 'nope')).toEqual([
      { path: [], message: 'Expected an object, received string', code: 'invalid_type' },
    ])
  })

  it('keeps messages a schema sets itself and prefixes paths on request', () => {
    const custom = z.string().check(z.refine((v) => v === 'x', { error: 'Must be x' }))
    const result = z.safeParse(custom, 'y')
    expect(result.success).toBe(false)
    if (!result.success)
      expect(toValidationIssues(result.error.issues, ['where', 0])).toEqual([
        { path: ['where', 0], message: 'Must be x', code: 'custom' },
      ])
  })
})
