// @crmkit/analytics: the three model fits the product relies on, on synthetic data of the
// size the issue names. Goals: logistic regression 100k x 20 <= 1 s; k-means 100k x 10,
// k = 8 <= 1 s; Holt-Winters optimisation of 1,000 monthly series of 120 points <= 2 s.
import { holtWinters, kmeans, logisticRegression } from '@crmkit/analytics'
import { fmt, medianMs, prng, table } from './util.mjs'

const rand = prng(42)
const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())

function logisticData(n, p) {
  const beta = Array.from({ length: p }, () => gauss() * 0.3)
  const X = Array.from({ length: n }, () => Array.from({ length: p }, gauss))
  const y = X.map((row) => {
    const eta = -0.5 + row.reduce((s, v, j) => s + v * beta[j], 0)
    return rand() < 1 / (1 + Math.exp(-eta)) ? 1 : 0
  })
  return { X, y }
}

function clusteredPoints(n, p, k) {
  const centres = Array.from({ length: k }, () => Array.from({ length: p }, () => gauss() * 4))
  return Array.from({ length: n }, (_, i) => centres[i % k].map((c) => c + gauss()))
}

function monthlySeries(count, length) {
  return Array.from({ length: count }, () => {
    const level = 100 + 50 * rand()
    const slope = rand() - 0.3
    const amplitude = 5 + 10 * rand()
    const noise = 1 + 3 * rand()
    return Array.from(
      { length },
      (_, t) => level + slope * t + amplitude * Math.sin((2 * Math.PI * t) / 12) + noise * gauss(),
    )
  })
}

export async function run() {
  const { X, y } = logisticData(100_000, 20)
  const points = clusteredPoints(100_000, 10, 8)
  const noise = Array.from({ length: 100_000 }, () => Array.from({ length: 10 }, gauss))
  const series = monthlySeries(1000, 120)
  const positive = series.map((s) => s.map((v) => Math.max(v, 1)))

  const rows = [
    ['logisticRegression 100k x 20 (IRLS)', 1000, () => logisticRegression(X, y)],
    ['kmeans 100k x 10, k=8, clustered data', 1000, () => kmeans(points, { k: 8, seed: 1 })],
    [
      'kmeans 100k x 10, k=8, pure noise, 10 iterations',
      null,
      () => kmeans(noise, { k: 8, seed: 1, maxIterations: 10 }),
    ],
    [
      'holtWinters optimise, 1,000 x 120 additive',
      2000,
      () => {
        for (const s of series) holtWinters(s, { period: 12 })
      },
    ],
    [
      'holtWinters optimise, 1,000 x 120 multiplicative',
      2000,
      () => {
        for (const s of positive) holtWinters(s, { period: 12, seasonal: 'multiplicative' })
      },
    ],
  ]
  const results = []
  for (const [task, goalMs, fn] of rows) {
    const ms = await medianMs(fn, { runs: 3 })
    results.push({
      task,
      'median ms': fmt(ms),
      'goal ms': goalMs ? fmt(goalMs) : '-',
      meets: goalMs ? (ms <= goalMs ? 'yes' : 'NO') : '-',
    })
  }
  table(results)
}
