import { ValidationError } from '@crmkit/core'
import { describe, expect, it } from 'vitest'
import { readCsv, readJson } from '../__fixtures__/load.js'
import { CollinearityError, SeparationError } from '../errors.js'
import { logisticRegression } from './logistic-regression.js'

interface GlmFixture {
  predictors: string[]
  coefficients: number[]
  standardErrors: number[]
  zValues: number[]
  pValues: number[]
  deviance: number
  nullDeviance: number
  aic: number
  iterations: number
  dfResidual: number
  firstFitted: number[]
}

const churn = readCsv('mlc-churn.csv')
const numeric = [
  'account_length',
  'number_vmail_messages',
  'total_day_minutes',
  'total_day_calls',
  'total_eve_minutes',
  'total_eve_calls',
  'total_night_minutes',
  'total_night_calls',
  'total_intl_minutes',
  'total_intl_calls',
  'number_customer_service_calls',
]
const X = churn.map((r) => [
  ...numeric.map((k) => Number(r[k])),
  r.international_plan === 'yes' ? 1 : 0,
  r.voice_mail_plan === 'yes' ? 1 : 0,
])
const y = churn.map((r) => (r.churn === 'yes' ? 1 : 0))

function expectMatchesR(model: ReturnType<typeof logisticRegression>, ref: GlmFixture): void {
  expect(model.coefficients).toHaveLength(ref.coefficients.length)
  ref.coefficients.forEach((b, j) => {
    expect(Math.abs(model.coefficients[j]! - b)).toBeLessThan(1e-6 * Math.max(1, Math.abs(b)))
    expect(Math.abs(model.standardErrors[j]! - ref.standardErrors[j]!)).toBeLessThan(1e-6 * ref.standardErrors[j]!)
    expect(Math.abs(model.zValues[j]! - ref.zValues[j]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(ref.zValues[j]!)))
    expect(Math.abs(model.pValues[j]! - ref.pValues[j]!)).toBeLessThanOrEqual(1e-6 * ref.pValues[j]! + 1e-300)
  })
  expect(Math.abs(model.deviance - ref.deviance)).toBeLessThan(1e-6)
  expect(Math.abs(model.nullDeviance - ref.nullDeviance)).toBeLessThan(1e-6)
  expect(Math.abs(model.aic - ref.aic)).toBeLessThan(1e-6)
  expect(model.iterations).toBe(ref.iterations)
  expect(model.dfResidual).toBe(ref.dfResidual)
  ref.firstFitted.forEach((f, i) => {
    expect(Math.abs(model.fitted[i]! - f)).toBeLessThan(1e-9)
  })
  expect(model.warnings).toEqual([])
  expect(model.converged).toBe(true)
}

describe('logisticRegression against R glm(binomial) on mlc_churn', () => {
  it('matches coefficients, standard errors, deviance, AIC and iterations to 1e-6', () => {
    expectMatchesR(logisticRegression(X, y), readJson<GlmFixture>('glm-churn.json'))
  })

  it('matches R with prior weights', () => {
    const weights = churn.map((r) => (Number(r.account_length) % 3) + 1)
    expectMatchesR(logisticRegression(X, y, { weights }), readJson<GlmFixture>('glm-churn-weighted.json'))
  })

  it('predict returns the fitted probabilities for the training rows', () => {
    const model = logisticRegression(X, y)
    const p = model.predict(X.slice(0, 5))
    p.forEach((v, i) => {
      expect(v).toBeCloseTo(model.fitted[i]!, 12)
    })
    const eta = model.predict(X.slice(0, 1), { type: 'link' })[0]!
    expect(1 / (1 + Math.exp(-eta))).toBeCloseTo(p[0]!, 12)
  })
})

describe('logisticRegression on degenerate data', () => {
  const xs = [[1], [2], [3], [4], [5], [6], [7], [8]]
  const separated = [0, 0, 0, 0, 1, 1, 1, 1]

  it('flags complete separation with a warning and finite numbers (never NaN)', () => {
    const model = logisticRegression(xs, separated)
    expect(model.warnings.map((w) => w.code)).toContain('separation')
    for (const v of [...model.coefficients, ...model.standardErrors, model.deviance, model.aic]) {
      expect(Number.isFinite(v)).toBe(true)
    }
  })

  it('throws SeparationError when asked to', () => {
    expect(() => logisticRegression(xs, separated, { separation: 'error' })).toThrow(SeparationError)
  })

  it('rejects collinear columns with a CollinearityError naming them', () => {
    const rows = xs.map(([a], i) => [a!, (i * 7) % 5, 2 * a! + 1])
    const outcome = [0, 1, 0, 0, 1, 1, 0, 1]
    try {
      logisticRegression(rows, outcome)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(CollinearityError)
      expect(err).toBeInstanceOf(ValidationError)
      expect((err as CollinearityError).columns).toEqual([2])
    }
  })

  it("drops collinear columns like R with collinear: 'drop'", () => {
    const rows = xs.map(([a], i) => [a!, (i * 7) % 5, 2 * a! + 1])
    const outcome = [0, 1, 0, 0, 1, 1, 0, 1]
    const dropped = logisticRegression(rows, outcome, { collinear: 'drop' })
    const reduced = logisticRegression(
      rows.map((r) => r.slice(0, 2)),
      outcome,
    )
    expect(dropped.aliased).toEqual([false, false, false, true])
    expect(dropped.standardErrors[3]).toBeNull()
    expect(dropped.coefficients[3]).toBe(0)
    expect(dropped.coefficients.slice(0, 3)).toEqual(reduced.coefficients)
    expect(dropped.deviance).toBe(reduced.deviance)
    expect(dropped.warnings).toContainEqual(expect.objectContaining({ code: 'collinear', columns: [2] }))
  })

  it('validates inputs', () => {
    expect(() => logisticRegression([[1], [2]], [0])).toThrow(ValidationError)
    expect(() => logisticRegression([[1], [Number.NaN]], [0, 1])).toThrow(ValidationError)
    expect(() => logisticRegression([[1], [2]], [0, 2])).toThrow(ValidationError)
  })
})
