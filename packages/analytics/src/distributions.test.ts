import { describe, expect, it } from 'vitest'
import { readJson, relDiff } from './__fixtures__/load.js'
import { logGamma, pnorm, qnorm, twoSidedTPValue } from './distributions.js'

interface DistFixture {
  pnormX: number[]
  pnorm: number[]
  qnormP: number[]
  qnorm: number[]
  lgammaX: number[]
  lgamma: number[]
  tValues: number[]
  tDfs: number[]
  tPValues: number[][]
}
const ref = readJson<DistFixture>('distributions.json')

describe('distribution functions against R', () => {
  it('pnorm matches R to 1e-14 relative', () => {
    ref.pnormX.forEach((x, i) => {
      const want = ref.pnorm[i]!
      if (want === 0) expect(pnorm(x)).toBe(0)
      else expect(relDiff(pnorm(x), want)).toBeLessThan(1e-14)
    })
  })
  it('qnorm matches R to 1e-14 relative', () => {
    ref.qnormP.forEach((p, i) => {
      const want = ref.qnorm[i]!
      if (want === 0) expect(qnorm(p)).toBe(0)
      else expect(relDiff(qnorm(p), want)).toBeLessThan(1e-14)
    })
  })
  it('logGamma matches R to 1e-13 absolute', () => {
    ref.lgammaX.forEach((x, i) => {
      expect(Math.abs(logGamma(x) - ref.lgamma[i]!)).toBeLessThan(1e-13 * Math.max(1, Math.abs(ref.lgamma[i]!)))
    })
  })
  it('two-sided t p-values match R to 1e-10 relative', () => {
    ref.tDfs.forEach((df, d) => {
      for (const [i, t] of ref.tValues.entries()) {
        expect(relDiff(twoSidedTPValue(t, df), ref.tPValues[d]![i]!)).toBeLessThan(1e-10)
      }
    })
  })
})
