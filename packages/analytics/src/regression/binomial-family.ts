import { logGamma } from '../distributions.js'

// R's binomial()/logit family, including the C-level clamping in family.c: without it a
// separated fit would overflow exp() and produce NaN instead of a usable (if meaningless) result.
const THRESH = 30
const MTHRESH = -30
const INVEPS = 1 / Number.EPSILON

/** Inverse logit, clamped like R's logit_linkinv. */
export function linkInverse(eta: number): number {
  const tmp = eta < MTHRESH ? Number.EPSILON : eta > THRESH ? INVEPS : Math.exp(eta)
  return tmp / (1 + tmp)
}

/** d mu / d eta, clamped like R's logit_mu_eta. */
export function muEta(eta: number): number {
  const opexp = 1 + Math.exp(eta)
  return eta > THRESH || eta < MTHRESH ? Number.EPSILON : Math.exp(eta) / (opexp * opexp)
}

function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0
}

/** Binomial deviance residual 2 w (y log(y/mu) + (1-y) log((1-y)/(1-mu))), R's binomial_dev_resids. */
export function devianceResidual(y: number, mu: number, w: number): number {
  return 2 * w * (yLogY(y, mu) + yLogY(1 - y, 1 - mu))
}

/** Sum of deviance residuals over all observations. */
export function deviance(y: Float64Array, mu: Float64Array | number, w: Float64Array): number {
  let dev = 0
  for (let i = 0; i < y.length; i++) dev += devianceResidual(y[i]!, typeof mu === 'number' ? mu : mu[i]!, w[i]!)
  return dev
}

function logDbinom(x: number, size: number, prob: number): number {
  if (x < 0 || x > size) return Number.NEGATIVE_INFINITY
  const logChoose = logGamma(size + 1) - logGamma(x + 1) - logGamma(size - x + 1)
  const a = x === 0 ? 0 : x * Math.log(prob)
  const b = size - x === 0 ? 0 : (size - x) * Math.log1p(-prob)
  return logChoose + a + b
}

/**
 * -2 log-likelihood as R's binomial()$aic computes it for 0/1 (or proportion) responses where the
 * prior weights are the numbers of trials: -2 sum (w/m) dbinom(round(m y), round(m), mu, log) with m = w.
 */
export function minusTwoLogLikelihood(y: Float64Array, mu: Float64Array, w: Float64Array): number {
  let s = 0
  for (let i = 0; i < y.length; i++) {
    const m = w[i]!
    if (m <= 0) continue
    s += logDbinom(Math.round(m * y[i]!), Math.round(m), mu[i]!)
  }
  return -2 * s
}
