/**
 * Glue for the conformance runner files: run a dialect's suite when it is available; when
 * it is not, say so plainly — a skipped test whose title carries the reason, or under
 * `CI=true` a failing test, because CI must cover every dialect.
 */
import { describe, inject, it } from 'vitest'
import type { SuiteOptions } from './context.js'
import type { ConformanceDialect, DialectStatus } from './dialects.js'
import { isCi, probeServer, probeSqlite } from './dialects.js'
import { defineConformanceSuite } from './suite.js'
import type { ConformanceHarness } from './types.js'

/**
 * The availability of a dialect: what the globalSetup (`dialect-report.ts`) probed, or, when
 * the file runs without it, a probe of its own.
 */
export async function dialectStatus(dialect: Exclude<ConformanceDialect, 'memory'>): Promise<DialectStatus> {
  const provided = (inject('crmkitDialects') as Partial<Record<ConformanceDialect, DialectStatus>> | undefined)?.[
    dialect
  ]
  if (provided) return provided
  return dialect === 'sqlite' ? probeSqlite() : probeServer(dialect)
}

/** Register the suite for `status.dialect` if it can run; otherwise a skip (or, in CI, a failure) with the reason. */
export function defineDialectSuite(
  status: DialectStatus,
  harness: () => ConformanceHarness,
  options: SuiteOptions = {},
): void {
  if (status.available) {
    defineConformanceSuite(harness(), options)
    return
  }
  const reason = status.reason ?? 'unavailable'
  describe(`conformance: ${status.dialect}`, () => {
    if (isCi()) {
      it(`${status.dialect} is reachable (required because CI=true)`, () => {
        throw new Error(`conformance: ${status.dialect} cannot run in CI: ${reason}`)
      })
    } else {
      it(`SKIPPED — ${reason}`, (ctx) => {
        console.warn(`conformance: ${status.dialect} skipped: ${reason}`)
        ctx.skip(reason)
      })
    }
  })
}
