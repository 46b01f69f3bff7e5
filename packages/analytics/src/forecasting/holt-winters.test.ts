import { ValidationError } from '@crmkit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readCsv, readJson, relDiff } from '../__fixtures__/load.js'
import { holtWinters } from './holt-winters.js'

interface HwFixture {
  alpha: number
  beta: number
  gamma: number
  sse: number
  level: number
  trend: number
  seasonal: number[]
  fitted: number[]
  horizon: number
  forecast: number[]
  upper95: number[]
  lower95: number[]
}

const co2 = readCsv('co2.csv').map((r) => Number(r.value))
const air = readCsv('air-passengers.csv').map((r) => Number(r.value))

function expectSameFit(model: ReturnType<typeof holtWinters>, ref: HwFixture, tol: number): void {
  expect(relDiff(model.sse, ref.sse)).toBeLessThan(tol)
  expect(relDiff(model.coefficients.level, ref.level)).toBeLessThan(tol)
  expect(relDiff(model.coefficients.trend, ref.trend)).toBeLessThan(tol)
  model.coefficients.seasonal.forEach((s, i) => {
    expect(Math.abs(s - ref.seasonal[i]!)).toBeLessThan(tol * (1 + Math.abs(ref.seasonal[i]!)))
  })
  expect(model.fitted).toHaveLength(ref.fitted.length)
  model.fitted.forEach((v, i) => {
    expect(relDiff(v, ref.fitted[i]!)).toBeLessThan(tol)
  })
  const fc = model.forecast(ref.horizon, { level: 0.95 })
  fc.mean.forEach((v, i) => {
    expect(relDiff(v, ref.forecast[i]!)).toBeLessThan(tol)
  })
  fc.upper.forEach((v, i) => {
    expect(relDiff(v, ref.upper95[i]!)).toBeLessThan(tol)
  })
  fc.lower.forEach((v, i) => {
    expect(relDiff(v, ref.lower95[i]!)).toBeLessThan(tol)
  })
}

describe('holtWinters against R HoltWinters', () => {
  it('co2, fixed parameters: SSE, coefficients, fitted values and 95% intervals to 1e-8 relative', () => {
    const ref = readJson<HwFixture>('holtwinters-co2-fixed.json')
    const model = holtWinters(co2, { period: 12, alpha: ref.alpha, beta: ref.beta, gamma: ref.gamma })
    expectSameFit(model, ref, 1e-8)
    expect(model.optimizerConverged).toBeNull()
  })

  it('AirPassengers, multiplicative, fixed parameters: same to 1e-8 relative', () => {
    const ref = readJson<HwFixture>('holtwinters-airpassengers-fixed.json')
    const model = holtWinters(air, {
      period: 12,
      seasonal: 'multiplicative',
      alpha: ref.alpha,
      beta: ref.beta,
      gamma: ref.gamma,
    })
    expectSameFit(model, ref, 1e-8)
  })

  it("co2, optimised: SSE no worse than R's + 0.5%", () => {
    const ref = readJson<HwFixture>('holtwinters-co2-optimised.json')
    const model = holtWinters(co2, { period: 12 })
    expect(model.sse).toBeLessThanOrEqual(ref.sse * 1.005)
    expect(model.optimizerConverged).toBe(true)
    // Same basin as R's optimum: parameters agree to two decimals.
    expect(model.alpha).toBeCloseTo(ref.alpha, 2)
    expect(model.beta).toBeCloseTo(ref.beta, 2)
    expect(model.gamma).toBeCloseTo(ref.gamma, 2)
  })

  it("AirPassengers multiplicative, optimised: SSE no worse than R's + 0.5%", () => {
    const ref = readJson<HwFixture>('holtwinters-airpassengers-optimised.json')
    const model = holtWinters(air, { period: 12, seasonal: 'multiplicative' })
    expect(model.sse).toBeLessThanOrEqual(ref.sse * 1.005)
    // Given R's own optimum, everything else (coefficients, forecast, intervals) follows exactly.
    expectSameFit(
      holtWinters(air, { period: 12, seasonal: 'multiplicative', alpha: ref.alpha, beta: ref.beta, gamma: ref.gamma }),
      ref,
      1e-8,
    )
  })
})

describe('holtWinters behaviour', () => {
  it('estimates only the parameters that are not given', () => {
    const model = holtWinters(co2, { period: 12, beta: 0 })
    expect(model.beta).toBe(0)
    expect(model.alpha).toBeGreaterThan(0)
    expect(model.sse).toBeLessThanOrEqual(holtWinters(co2, { period: 12, alpha: 0.3, beta: 0, gamma: 0.1 }).sse)
  })

  it('wider intervals for higher levels and further horizons', () => {
    const model = holtWinters(co2, { period: 12, alpha: 0.5, beta: 0.01, gamma: 0.5 })
    const f80 = model.forecast(24, { level: 0.8 })
    const f95 = model.forecast(24)
    f95.mean.forEach((m, i) => {
      expect(f95.upper[i]! - m).toBeGreaterThan(f80.upper[i]! - m)
      expect(m - f95.lower[i]!).toBeCloseTo(f95.upper[i]! - m, 9)
    })
    expect(f95.upper[23]! - f95.mean[23]!).toBeGreaterThan(f95.upper[0]! - f95.mean[0]!)
  })

  it("the search never ends worse than R's starting point (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 36, maxLength: 60 }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.constantFrom<'additive' | 'multiplicative'>('additive', 'multiplicative'),
        (noise, amplitude, seasonal) => {
          const series = noise.map((e, t) => 100 + 0.5 * t + amplitude * Math.sin((2 * Math.PI * t) / 12) + e)
          const optimised = holtWinters(series, { period: 12, seasonal })
          const atStart = holtWinters(series, { period: 12, seasonal, alpha: 0.3, beta: 0.1, gamma: 0.1 })
          expect(optimised.sse).toBeLessThanOrEqual(atStart.sse * (1 + 1e-12))
          for (const v of [optimised.alpha, optimised.beta, optimised.gamma]) {
            expect(v).toBeGreaterThanOrEqual(0)
            expect(v).toBeLessThanOrEqual(1)
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('rejects short series and zeros in multiplicative data', () => {
    expect(() => holtWinters([1, 2, 3, 4, 5], { period: 4 })).toThrow(ValidationError)
    expect(() => holtWinters([1, 2, 0, 4, 5, 6, 7, 8, 9], { period: 4, seasonal: 'multiplicative' })).toThrow(
      ValidationError,
    )
    expect(() => holtWinters(co2, { period: 12, alpha: 0 })).toThrow(ValidationError)
  })
})
