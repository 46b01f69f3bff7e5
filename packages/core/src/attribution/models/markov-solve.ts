import { UnsupportedError } from '../../errors.js'
import type { MarkovChain } from './markov-chain.js'

/** Absorption results of a chain: P(conversion), E[value] and every channel's removal effects. */
export interface RemovalSolution {
  /** P(conversion) from `(start)`. */
  readonly conversionProbability: number
  /** Expected conversion value per journey from `(start)`. */
  readonly expectedValue: number
  /** P(conv) − P(conv | channel removed), by channel id. */
  readonly removalEffects: Float64Array
  /** E[value] − E[value | channel removed], by channel id. */
  readonly valueRemovalEffects: Float64Array
  readonly method: 'dense' | 'iterative'
  /** Gauss-Seidel sweeps (0 for the dense solve). */
  readonly iterations: number
}

/**
 * Order 1, exactly, with one dense LU of A = I − Q (states = `(start)` + channels).
 *
 * Removing channel c (every transition into c goes to null) leaves exactly the journeys
 * that never visit c, so P(conv) − P(conv | c removed) = P(visit c ∧ conv) = h_c · p_c by
 * the strong Markov property, where p = A⁻¹ r is the absorption probability into
 * conversion and h_c = N_{start,c} / N_{c,c} the probability of ever reaching c
 * (N = A⁻¹, expected visits). So one factorisation and n + 2 triangular solve pairs give
 * every removal effect: O(S³) instead of a fresh solve per channel (O(n·S³)).
 */
export function solveDense(chain: MarkovChain, channelCount: number): RemovalSolution {
  const S = chain.stateCount
  const a = new Float64Array(S * S)
  for (let s = 0; s < S; s++) {
    a[s * S + s] = 1
    for (let e = chain.rowPtr[s] as number; e < (chain.rowPtr[s + 1] as number); e++) {
      const at = s * S + (chain.col[e] as number)
      a[at] = (a[at] as number) - (chain.prob[e] as number)
    }
  }
  const perm = luFactor(a, S)
  const p = luSolve(a, perm, S, chain.convProb)
  const reward = new Float64Array(S)
  for (let s = 0; s < S; s++) reward[s] = (chain.convProb[s] as number) * (chain.meanValue[s] as number)
  const pv = luSolve(a, perm, S, reward)
  const unitStart = new Float64Array(S)
  unitStart[0] = 1
  const visitsFromStart = luSolveTransposed(a, perm, S, unitStart)
  const removalEffects = new Float64Array(channelCount)
  const valueRemovalEffects = new Float64Array(channelCount)
  const unit = new Float64Array(S)
  for (let ch = 0; ch < channelCount; ch++) {
    const s = ch + 1
    const reach = visitsFromStart[s] as number
    if (reach === 0) continue
    unit.fill(0)
    unit[s] = 1
    const selfVisits = luSolve(a, perm, S, unit)[s] as number
    const hit = reach / selfVisits
    removalEffects[ch] = hit * (p[s] as number)
    valueRemovalEffects[ch] = hit * (pv[s] as number)
  }
  return {
    conversionProbability: p[0] as number,
    expectedValue: pv[0] as number,
    removalEffects,
    valueRemovalEffects,
    method: 'dense',
    iterations: 0,
  }
}

/** In-place LU with partial pivoting (row-major); returns the row permutation. */
function luFactor(a: Float64Array, n: number): Int32Array {
  const perm = new Int32Array(n)
  for (let i = 0; i < n; i++) perm[i] = i
  for (let k = 0; k < n; k++) {
    let pivot = k
    let best = Math.abs(a[k * n + k] as number)
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k] as number)
      if (v > best) {
        best = v
        pivot = i
      }
    }
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j] as number
        a[k * n + j] = a[pivot * n + j] as number
        a[pivot * n + j] = t
      }
      const t = perm[k] as number
      perm[k] = perm[pivot] as number
      perm[pivot] = t
    }
    const d = a[k * n + k] as number
    // I − Q of an absorbing chain is a non-singular M-matrix: a zero pivot cannot occur.
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] as number) / d
      if (f === 0) continue
      a[i * n + k] = f
      for (let j = k + 1; j < n; j++) a[i * n + j] = (a[i * n + j] as number) - f * (a[k * n + j] as number)
    }
  }
  return perm
}

function luSolve(lu: Float64Array, perm: Int32Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let v = b[perm[i] as number] as number
    for (let j = 0; j < i; j++) v -= (lu[i * n + j] as number) * (x[j] as number)
    x[i] = v
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = x[i] as number
    for (let j = i + 1; j < n; j++) v -= (lu[i * n + j] as number) * (x[j] as number)
    x[i] = v / (lu[i * n + i] as number)
  }
  return x
}

/** Solves Aᵀx = b from PA = LU: Uᵀw = b, Lᵀz = w, x = Pᵀz. */
function luSolveTransposed(lu: Float64Array, perm: Int32Array, n: number, b: Float64Array): Float64Array {
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let v = b[i] as number
    for (let j = 0; j < i; j++) v -= (lu[j * n + i] as number) * (w[j] as number)
    w[i] = v / (lu[i * n + i] as number)
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = w[i] as number
    for (let j = i + 1; j < n; j++) v -= (lu[j * n + i] as number) * (w[j] as number)
    w[i] = v
  }
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) x[perm[i] as number] = w[i] as number
  return x
}

/**
 * Systems swept together, bounded so their unknowns (states × systems) stay within 64 MB.
 * Batching matters: reading a successor's unknowns is a random memory access, and one
 * access serving every system of the batch is what keeps large chains fast (one system at
 * a time was three times slower on 100k states).
 */
const MEMORY_DOUBLES = 1 << 23
const MAX_BATCH = 130

/**
 * Any order, exactly up to floating point, by Gauss-Seidel on the sparse chain.
 *
 * Systems: P(conversion) from every state (and, with values, the expected value), once
 * for the full chain and once per channel c with every state whose tuple contains c
 * removed. They are swept in batches: each state's CSR row is read once per sweep and
 * applied to all the batch's unknowns, stored side by side. Starting from 0 the iterates rise
 * monotonically to the solution (Q ≥ 0); sweeping stops when the largest update is 0 or
 * has stopped shrinking at rounding level (the floating-point fixed point: the answer is
 * as exact as doubles allow), or when the update times ρ/(1 − ρ) (ρ = observed
 * contraction per sweep, which bounds the remaining error) is below `tolerance`.
 *
 * @throws UnsupportedError if `maxIterations` sweeps do not converge (a chain whose cycles
 *   almost never exit); use order 1 (dense, direct) or raise `maxIterations`.
 */
export function solveIterative(
  chain: MarkovChain,
  channelCount: number,
  withValue: boolean,
  tolerance: number,
  maxIterations: number,
): RemovalSolution {
  let largest = 0
  for (let s = 0; s < chain.stateCount; s++) largest = Math.max(largest, chain.meanValue[s] as number)
  // Values are solved scaled to [0, 1] so one absolute tolerance serves both kinds (unless
  // the largest value is so tiny that its reciprocal would overflow).
  const valueScale = largest > 0 && Number.isFinite(1 / largest) ? largest : 1
  // System list: (value?, removed channel or -1 for the full chain).
  const isValue: boolean[] = []
  const removed: number[] = []
  for (let ch = -1; ch < channelCount; ch++) {
    isValue.push(false)
    removed.push(ch)
    if (withValue) {
      isValue.push(true)
      removed.push(ch)
    }
  }
  const batch = Math.max(2, Math.min(MAX_BATCH, Math.floor(MEMORY_DOUBLES / chain.stateCount)))
  const start = new Float64Array(isValue.length)
  let iterations = 0
  for (let first = 0; first < isValue.length; first += batch) {
    const last = Math.min(isValue.length, first + batch)
    const run = solveBatch(chain, isValue.slice(first, last), removed.slice(first, last), channelCount, {
      valueFactor: 1 / valueScale,
      tolerance,
      maxIterations,
    })
    iterations = Math.max(iterations, run.iterations)
    // State 0 is (start): its unknowns are the first row of the batch.
    for (let j = first; j < last; j++) start[j] = (run.x[j - first] as number) * (isValue[j] ? valueScale : 1)
  }
  const p0 = start[0] as number
  const v0 = withValue ? (start[1] as number) : 0
  const per = withValue ? 2 : 1
  const removalEffects = new Float64Array(channelCount)
  const valueRemovalEffects = new Float64Array(channelCount)
  for (let ch = 0; ch < channelCount; ch++) {
    removalEffects[ch] = Math.max(0, p0 - (start[(ch + 1) * per] as number))
    if (withValue) valueRemovalEffects[ch] = Math.max(0, v0 - (start[(ch + 1) * per + 1] as number))
  }
  return {
    conversionProbability: p0,
    expectedValue: v0,
    removalEffects,
    valueRemovalEffects,
    method: 'iterative',
    iterations,
  }
}

/** Gauss-Seidel until converged for one batch of systems. */
function solveBatch(
  chain: MarkovChain,
  isValue: readonly boolean[],
  removed: readonly number[],
  channelCount: number,
  limits: { readonly valueFactor: number; readonly tolerance: number; readonly maxIterations: number },
): { x: Float64Array; iterations: number } {
  const R = isValue.length
  // Where each channel's removal systems sit in the batch (-1: not in this batch).
  const convSlot = new Int32Array(channelCount).fill(-1)
  const valueSlot = new Int32Array(channelCount).fill(-1)
  for (let j = 0; j < R; j++) {
    const ch = removed[j] as number
    if (ch >= 0) (isValue[j] ? valueSlot : convSlot)[ch] = j
  }
  const factor = new Float64Array(R)
  const valueKind = new Uint8Array(R)
  for (let j = 0; j < R; j++) {
    valueKind[j] = isValue[j] ? 1 : 0
    factor[j] = isValue[j] ? limits.valueFactor : 1
  }
  const x = new Float64Array(chain.stateCount * R)
  const acc = new Float64Array(R)
  const noiseFloor = 64 * Number.EPSILON
  let previous = Number.POSITIVE_INFINITY
  let previousRho = Number.POSITIVE_INFINITY
  let iterations = 0
  for (;;) {
    iterations++
    const delta = sweep(chain, x, acc, valueKind, factor, convSlot, valueSlot)
    // Contraction estimated from the last two sweeps; trusted only once both agree it is < 1.
    const rho = Math.max(delta / previous, previousRho)
    previousRho = delta / previous
    const last = previous
    previous = delta
    // Converged: nothing moved, or the updates stopped shrinking at rounding level (the
    // iteration has reached its floating-point fixed point), or the error bound is met.
    if (delta === 0 || (iterations >= 3 && delta <= noiseFloor && delta >= last)) break
    if (iterations >= 3 && rho < 1 && (delta * rho) / (1 - rho) <= limits.tolerance) break
    if (iterations >= limits.maxIterations) {
      throw new UnsupportedError(
        `markov: Gauss-Seidel did not converge in ${limits.maxIterations} sweeps (last update ${delta}); ` +
          'raise maxIterations or use order 1 (solved directly)',
      )
    }
  }
  return { x, iterations }
}

/**
 * One Gauss-Seidel sweep over the batch's systems; returns the largest update. `x` holds
 * the batch's unknowns state by state. A separate function so V8 optimises it after a few
 * sweeps.
 */
function sweep(
  chain: MarkovChain,
  x: Float64Array,
  acc: Float64Array,
  valueKind: Uint8Array,
  factor: Float64Array,
  convSlot: Int32Array,
  valueSlot: Int32Array,
): number {
  const { rowPtr, col, prob, convProb, meanValue, members, sweepOrder, order } = chain
  const S = chain.stateCount
  const R = acc.length
  let delta = 0
  for (let o = 0; o < S; o++) {
    const s = sweepOrder[o] as number
    const rc = convProb[s] as number
    const rv = rc * (meanValue[s] as number)
    for (let j = 0; j < R; j++) acc[j] = (valueKind[j] === 1 ? rv : rc) * (factor[j] as number)
    for (let e = rowPtr[s] as number; e < (rowPtr[s + 1] as number); e++) {
      const q = prob[e] as number
      const from = (col[e] as number) * R
      for (let j = 0; j < R; j++) acc[j] = (acc[j] as number) + q * (x[from + j] as number)
    }
    // In the system without channel c, every state whose tuple contains c is removed.
    for (let m = 0; m < order; m++) {
      const ch = members[s * order + m] as number
      if (ch < 0) break
      const cs = convSlot[ch] as number
      if (cs >= 0) acc[cs] = 0
      const vs = valueSlot[ch] as number
      if (vs >= 0) acc[vs] = 0
    }
    const at = s * R
    for (let j = 0; j < R; j++) {
      const v = acc[j] as number
      const d = v - (x[at + j] as number)
      if (d > delta) delta = d
      else if (-d > delta) delta = -d
      x[at + j] = v
    }
  }
  return delta
}
