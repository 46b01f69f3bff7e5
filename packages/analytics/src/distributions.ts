/**
 * The few distribution functions the models need, ported from R's nmath so p-values and
 * prediction intervals agree with R to the last digits: pnorm (Cody's rational Chebyshev
 * approximations), qnorm (Wichura's AS 241), and Student's t through the regularised
 * incomplete beta function.
 */

const A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745]
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673]
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726, 6848.190450536283,
  11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
]
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097, 34900.95272114598,
  38912.00328609327, 19685.429676859992,
]
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 2.9112874951168793e-5,
  0.023073441764940174,
]
const Q = [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-5]
const M_1_SQRT_2PI = 0.3989422804014327
const M_SQRT_32 = 5.656854249492381

/** Standard normal CDF, P(Z <= x) (R's `pnorm(x)`). */
export function pnorm(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (!Number.isFinite(x)) return x < 0 ? 0 : 1
  const y = Math.abs(x)
  let cum: number
  if (y <= 0.66291) {
    const xsq = y > Number.EPSILON * 0.5 ? x * x : 0
    let xnum = A[4]! * xsq
    let xden = xsq
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]!) * xsq
      xden = (xden + B[i]!) * xsq
    }
    const temp = (x * (xnum + A[3]!)) / (xden + B[3]!)
    return 0.5 + temp
  }
  if (y <= M_SQRT_32) {
    let xnum = C[8]! * y
    let xden = y
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y
      xden = (xden + D[i]!) * y
    }
    cum = (xnum + C[7]!) / (xden + D[7]!)
  } else if (y < 50) {
    const xsq = 1 / (x * x)
    let xnum = P[5]! * xsq
    let xden = xsq
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]!) * xsq
      xden = (xden + Q[i]!) * xsq
    }
    cum = (xsq * (xnum + P[4]!)) / (xden + Q[4]!)
    cum = (M_1_SQRT_2PI - cum) / y
  } else {
    return x > 0 ? 1 : 0
  }
  // Split y*y into an exactly representable part and a small remainder (Cody's trick).
  const xsq = Math.floor(y * 16) / 16
  const del = (y - xsq) * (y + xsq)
  cum = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * cum
  return x > 0 ? 1 - cum : cum
}

/** Standard normal quantile (R's `qnorm(p)`, Wichura's AS 241). */
export function qnorm(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) * r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852854 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) * r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    )
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p))
  let val: number
  if (r <= 5) {
    r -= 1.6
    val =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r + 1.2704582524523684) * r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r + 0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1)
  } else {
    r -= 5
    val =
      (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1)
  }
  return q < 0 ? -val : val
}

/** log Γ(x) for x > 0: Stirling's series after shifting x above 15 (absolute error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  let prod = 1
  let z = x
  while (z < 15) {
    prod *= z
    z += 1
  }
  const z2 = 1 / (z * z)
  const series =
    (1 / 12 +
      z2 * (-1 / 360 + z2 * (1 / 1260 + z2 * (-1 / 1680 + z2 * (1 / 1188 + z2 * (-691 / 360360 + z2 / 156)))))) /
    z
  return (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series - Math.log(prod)
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-16) break
  }
  return h
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x)
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom: 2 P(T_df >= |t|). */
export function twoSidedTPValue(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0
  return incompleteBeta(df / (df + t * t), df / 2, 0.5)
}

/** Two-sided p-value of a z statistic: 2 P(Z >= |z|). */
export function twoSidedZPValue(z: number): number {
  return 2 * pnorm(-Math.abs(z))
}
