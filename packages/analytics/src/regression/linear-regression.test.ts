import { describe, expect, it } from 'vitest'
import { readCsv, readJson, relDiff } from '../__fixtures__/load.js'
import { CollinearityError } from '../errors.js'
import { linearRegression } from './linear-regression.js'

interface LmFixture {
  coefficients: number[]
  standardErrors: number[]
  tValues: number[]
  pValues: number[]
  sigma: number
  rSquared: number
  adjustedRSquared: number
  dfResidual: number
}

const iris = readCsv('iris.csv')
const X = iris.map((r) => [Number(r['Sepal.Width']), Number(r['Petal.Length']), Number(r['Petal.Width'])])
const y = iris.map((r) => Number(r['Sepal.Length']))

function expectMatchesR(fit: ReturnType<typeof linearRegression>, ref: LmFixture): void {
  ref.coefficients.forEach((b, j) => {
    expect(relDiff(fit.coefficients[j]!, b)).toBeLessThan(1e-10)
    expect(relDiff(fit.standardErrors[j]!, ref.standardErrors[j]!)).toBeLessThan(1e-10)
    expect(relDiff(fit.tValues[j]!, ref.tValues[j]!)).toBeLessThan(1e-10)
    expect(relDiff(fit.pValues[j]!, ref.pValues[j]!)).toBeLessThan(1e-8)
  })
  expect(relDiff(fit.sigma, ref.sigma)).toBeLessThan(1e-10)
  expect(relDiff(fit.rSquared, ref.rSquared)).toBeLessThan(1e-10)
  expect(relDiff(fit.adjustedRSquared, ref.adjustedRSquared)).toBeLessThan(1e-10)
  expect(fit.dfResidual).toBe(ref.dfResidual)
}

describe('linearRegression against R lm on iris', () => {
  it('matches summary(lm) to 1e-10', () => {
    expectMatchesR(linearRegression(X, y), readJson<LmFixture>('lm-iris.json'))
  })

  it('matches weighted lm', () => {
    const weights = X.map((_, i) => (i % 3) + 1)
    expectMatchesR(linearRegression(X, y, { weights }), readJson<LmFixture>('lm-iris-weighted.json'))
  })

  it('recovers an exact line and predicts on it', () => {
    const fit = linearRegression([[0], [1], [2], [3]], [1, 3, 5, 7])
    expect(fit.coefficients[0]).toBeCloseTo(1, 12)
    expect(fit.coefficients[1]).toBeCloseTo(2, 12)
    expect(fit.predict([[10]])[0]).toBeCloseTo(21, 10)
    expect(fit.rSquared).toBeCloseTo(1, 12)
  })

  it('names collinear columns, or drops them on request', () => {
    const rows = X.map(([a, b, c]) => [a!, b!, c!, a! + b!])
    expect(() => linearRegression(rows, y)).toThrow(CollinearityError)
    const fit = linearRegression(rows, y, { collinear: 'drop' })
    expect(fit.aliased).toEqual([false, false, false, false, true])
    expect(fit.standardErrors[4]).toBeNull()
    expect(fit.rSquared).toBeCloseTo(readJson<LmFixture>('lm-iris.json').rSquared, 12)
  })
})
