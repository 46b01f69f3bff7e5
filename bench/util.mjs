// Small helpers shared by the benchmarks.

/** Runs `fn` once and returns elapsed milliseconds (with GC before, when exposed). */
export async function timeIt(fn) {
  globalThis.gc?.()
  const start = process.hrtime.bigint()
  const result = await fn()
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return { ms, result }
}

/** Median of `runs` timings of `fn` (after one warm-up run when `warmup`). */
export async function medianMs(fn, { runs = 3, warmup = true } = {}) {
  if (warmup) await fn()
  const times = []
  for (let i = 0; i < runs; i++) times.push((await timeIt(fn)).ms)
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/** A seeded PRNG (mulberry32) so every run benchmarks the same data. */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Prints rows as an aligned table. */
export function table(rows) {
  const keys = Object.keys(rows[0] ?? {})
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(width[i])).join('  ')
  console.log(line(keys))
  for (const r of rows) console.log(line(keys.map((k) => r[k])))
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/**
 * Runs `fn(url)` against a throwaway Postgres database created beside `baseUrl`'s and dropped
 * afterwards, whatever `fn` does. The admin connection ignores server-ended idle connections
 * (other sessions on a shared server may end them), which would otherwise crash the run.
 */
export async function withPostgresDatabase(baseUrl, prefix, fn) {
  const { default: pg } = await import('pg')
  const admin = new pg.Client({ connectionString: baseUrl })
  admin.on('error', () => undefined)
  await admin.connect()
  const name = `${prefix}_${process.pid}_${Date.now()}`
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  try {
    return await fn(url.toString())
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}
