import { describe, expect, it } from 'vitest'
import { mergeCustomValues } from './merge.js'
import { type CustomFieldRule, checkCustomValue, compileCustomFields, isCalendarDate } from './validate.js'

const rule = (key: string, type: CustomFieldRule['type'], extra: Partial<CustomFieldRule> = {}): CustomFieldRule => ({
  key,
  type,
  options: [],
  required: false,
  ...extra,
})

const rules = [
  rule('note', 'text'),
  rule('score', 'number'),
  rule('active', 'boolean'),
  rule('since', 'date'),
  rule('plan', 'select', { options: ['free', 'pro'], required: true }),
  rule('features', 'multiselect', { options: ['api', 'sso'] }),
]

describe('custom field values', () => {
  it('accept values of each type and normalise dates and multiselects', () => {
    const { values, issues } = compileCustomFields(rules).create({
      note: '',
      score: -1.25,
      active: false,
      since: new Date('2026-02-14T23:30:00Z'),
      plan: 'pro',
      features: ['sso', 'api', 'sso'],
    })
    expect(issues).toEqual([])
    expect(values).toEqual({
      note: '',
      score: -1.25,
      active: false,
      since: '2026-02-14',
      plan: 'pro',
      features: ['sso', 'api'],
    })
  })

  it('reject wrong types, unknown options and unknown keys, each at its path', () => {
    const { issues } = compileCustomFields(rules).create({
      note: 3,
      score: Number.NaN,
      active: 'yes',
      since: '2026-02-30',
      plan: 'Pro',
      features: ['api', 'fax'],
      nope: 1,
    })
    expect(issues.map((i) => i.path)).toEqual([
      ['custom', 'note'],
      ['custom', 'score'],
      ['custom', 'active'],
      ['custom', 'since'],
      ['custom', 'plan'],
      ['custom', 'features', 1],
      ['custom', 'nope'],
    ])
    expect(issues.every((i) => i.code === 'custom' && i.message.length > 0)).toBe(true)
  })

  it('required fields must be present (and non-empty) on create; null counts as absent', () => {
    const validator = compileCustomFields(rules)
    expect(validator.create(undefined).issues).toEqual([
      { path: ['custom', 'plan'], message: 'Required', code: 'custom' },
    ])
    expect(validator.create({ plan: null }).issues.map((i) => i.path)).toEqual([['custom', 'plan']])
    const empty = compileCustomFields([rule('tags', 'multiselect', { options: ['a'], required: true })]).create({
      tags: [],
    })
    expect(empty.issues.map((i) => i.path)).toEqual([['custom', 'tags']])
  })

  it('a patch checks only the given keys; null removes a value, but not a required one', () => {
    const validator = compileCustomFields(rules)
    expect(validator.patch({ score: 2, note: null })).toEqual({ values: { score: 2, note: null }, issues: [] })
    expect(validator.patch({ plan: null }).issues.map((i) => i.path)).toEqual([['custom', 'plan']])
    // A value left behind by a deleted definition can still be removed.
    expect(validator.patch({ retired: null })).toEqual({ values: { retired: null }, issues: [] })
    expect(validator.patch({ retired: 1 }).issues.map((i) => i.path)).toEqual([['custom', 'retired']])
  })

  it('custom must be an object', () => {
    for (const bad of ['x', [1], 3]) {
      expect(compileCustomFields([]).create(bad).issues).toEqual([
        { path: ['custom'], message: 'Expected an object of custom field values', code: 'invalid_type' },
      ])
    }
  })

  it('mergeCustomValues applies a patch: values replace, null removes', () => {
    expect(mergeCustomValues({ a: 1, b: 'x', c: true }, { b: null, c: false, d: ['z'] })).toEqual({
      a: 1,
      c: false,
      d: ['z'],
    })
  })

  it('checkCustomValue and isCalendarDate agree on real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2100-02-29')).toBe(false)
    expect(isCalendarDate('2026-13-01')).toBe(false)
    expect(checkCustomValue(rule('d', 'date'), '2026-04-31')).toHaveProperty('error')
    expect(checkCustomValue(rule('n', 'text'), 'x'.repeat(10_001))).toHaveProperty('error')
  })

  it('enforce required fields named like Object.prototype members (own keys only)', () => {
    const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']
    const validator = compileCustomFields(names.map((key) => rule(key, 'text', { required: true })))
    const { issues } = validator.create({})
    expect(issues.map((i) => i.path)).toEqual(names.map((key) => ['custom', key]))
    const given = Object.fromEntries(names.map((key) => [key, 'x']))
    expect(validator.create(given)).toEqual({ values: given, issues: [] })
  })
})
