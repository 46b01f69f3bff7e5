/**
 * Bounded minimisation for a handful of parameters: a projected quasi-Newton (BFGS) method with
 * finite-difference gradients, in the spirit of L-BFGS-B (which R's HoltWinters uses through
 * optim): variables at a bound with the gradient pushing outward are held fixed, the others take a
 * BFGS step along the projected path with an Armijo backtracking line search. Stops, like
 * L-BFGS-B with its default factr = 1e7, when an accepted step reduces f by less than
 * 1e7 * machine epsilon relative to f.
 */

/** Result of {@link minimizeInBox}. */
export interface BoxMinimum {
  readonly x: number[]
  readonly value: number
  readonly iterations: number
  readonly evaluations: number
  /** False when the iteration cap was reached before the relative-reduction test passed. */
  readonly converged: boolean
}

/** Options of {@link minimizeInBox}. */
export interface BoxOptions {
  readonly maxIterations?: number
  /** Finite-difference step (R's optim uses ndeps = 1e-3; smaller is more accurate on smooth f). */
  readonly gradientStep?: number
  /** Relative reduction below which the search stops (L-BFGS-B: factr * eps). */
  readonly relativeTolerance?: number
}

/** Minimises `f` over the box lower <= x <= upper starting from x0. Non-finite values count as +Infinity. */
export function minimizeInBox(
  f: (x: Float64Array) => number,
  x0: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  options: BoxOptions = {},
): BoxMinimum {
  const m = x0.length
  const maxIterations = options.maxIterations ?? 200
  const h = options.gradientStep ?? 1e-4
  const rtol = options.relativeTolerance ?? 1e7 * Number.EPSILON
  let evaluations = 0
  const value = (x: Float64Array): number => {
    evaluations++
    const v = f(x)
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
  }
  const clamp = (v: number, i: number): number => Math.min(upper[i]!, Math.max(lower[i]!, v))
  const probe = new Float64Array(m)
  const gradient = (x: Float64Array, out: Float64Array): void => {
    // Central differences, shortened at a bound exactly as R's optim does for L-BFGS-B.
    for (let i = 0; i < m; i++) {
      probe.set(x)
      const up = Math.min(x[i]! + h, upper[i]!)
      const down = Math.max(x[i]! - h, lower[i]!)
      probe[i] = up
      const f1 = value(probe)
      probe[i] = down
      const f2 = value(probe)
      out[i] = up > down ? (f1 - f2) / (up - down) : 0
    }
  }

  let x = Float64Array.from(x0, (v, i) => clamp(v, i))
  let fx = value(x)
  let g = new Float64Array(m)
  gradient(x, g)
  const H = new Float64Array(m * m)
  const resetH = (): void => {
    H.fill(0)
    for (let i = 0; i < m; i++) H[i * m + i] = 1
  }
  resetH()
  let identity = true
  let converged = false
  let iterations = 0
  const d = new Float64Array(m)
  const xt = new Float64Array(m)
  const gt = new Float64Array(m)
  const free = new Uint8Array(m)
  for (; iterations < maxIterations; iterations++) {
    let anyFree = false
    for (let i = 0; i < m; i++) {
      const pinned = (x[i]! <= lower[i]! && g[i]! > 0) || (x[i]! >= upper[i]! && g[i]! < 0)
      free[i] = pinned ? 0 : 1
      if (!pinned && g[i] !== 0) anyFree = true
    }
    if (!anyFree) {
      converged = true
      break
    }
    let slope = 0
    let dmax = 0
    for (let i = 0; i < m; i++) {
      let s = 0
      if (free[i]) for (let j = 0; j < m; j++) if (free[j]) s -= H[i * m + j]! * g[j]!
      d[i] = s
      slope += s * g[i]!
      dmax = Math.max(dmax, Math.abs(s))
    }
    if (!(slope < 0)) {
      resetH()
      identity = true
      continue
    }
    // With H = I the raw gradient step has the scale of f, not of x: start at a step of 0.1 in x.
    let t = identity ? Math.min(1, 0.1 / dmax) : 1
    let accepted = false
    let ft = fx
    for (let tries = 0; tries < 60; tries++) {
      let moved = false
      let decrease = 0
      for (let i = 0; i < m; i++) {
        xt[i] = clamp(x[i]! + t * d[i]!, i)
        if (xt[i] !== x[i]) moved = true
        decrease += g[i]! * (xt[i]! - x[i]!)
      }
      if (!moved) break
      ft = value(xt)
      if (ft <= fx + 1e-4 * decrease) {
        accepted = true
        break
      }
      t *= 0.5
    }
    if (!accepted) {
      if (identity) {
        converged = true // no descent possible at the resolution of the line search
        break
      }
      resetH()
      identity = true
      continue
    }
    gradient(xt, gt)
    const reduction = fx - ft
    const s = new Float64Array(m)
    const y = new Float64Array(m)
    let sy = 0
    let yy = 0
    for (let i = 0; i < m; i++) {
      s[i] = xt[i]! - x[i]!
      y[i] = gt[i]! - g[i]!
      sy += s[i]! * y[i]!
      yy += y[i]! * y[i]!
    }
    x = Float64Array.from(xt)
    g = Float64Array.from(gt)
    const previous = fx
    fx = ft
    if (reduction <= rtol * Math.max(Math.abs(previous), Math.abs(ft), 1)) {
      converged = true
      break
    }
    if (sy > 1e-12 * Math.sqrt(yy) * Math.hypot(...s)) {
      if (identity) {
        // Nocedal & Wright (6.20): scale the initial inverse Hessian before the first update.
        const scale = sy / yy
        for (let i = 0; i < m; i++) H[i * m + i] = scale
        identity = false
      }
      bfgsUpdate(H, s, y, sy, m)
    }
  }
  return { x: Array.from(x), value: fx, iterations, evaluations, converged }
}

/** H <- (I - rho s y') H (I - rho y s') + rho s s', rho = 1 / s'y. */
function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number, m: number): void {
  const rho = 1 / sy
  const Hy = new Float64Array(m)
  let yHy = 0
  for (let i = 0; i < m; i++) {
    let v = 0
    for (let j = 0; j < m; j++) v += H[i * m + j]! * y[j]!
    Hy[i] = v
  }
  for (let i = 0; i < m; i++) yHy += y[i]! * Hy[i]!
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      H[i * m + j] = H[i * m + j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!
    }
  }
}
