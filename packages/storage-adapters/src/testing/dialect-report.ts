/**
 * vitest globalSetup of the storage-adapters project: probes the Postgres and MySQL
 * servers once, hands the result to the conformance runner files (`inject('crmkitDialects')`),
 * and prints plainly, before and after the run, which dialects ran, which were skipped and why.
 */
import type { TestProject } from 'vitest/node'
import type { ConformanceDialect, DialectStatus } from './dialects.js'
import { isCi, probeServer, probeSqlite } from './dialects.js'

const DIALECTS: readonly ConformanceDialect[] = ['memory', 'sqlite', 'postgres', 'mysql']

function banner(statuses: Record<ConformanceDialect, DialectStatus>): string {
  const lines = DIALECTS.map((d) => {
    const s = statuses[d]
    if (s.available) return `  ${d.padEnd(8)} will run${s.where ? ` against ${s.where}` : ''}`
    return `  ${d.padEnd(8)} ${isCi() ? 'WILL FAIL (CI=true requires it)' : 'SKIPPED'}: ${s.reason ?? 'unavailable'}`
  })
  return ['', 'crmkit conformance dialects:', ...lines, ''].join('\n')
}

type Tally = { passed: number; failed: number; skipped: number; broken: boolean }

/** Adapter name of a conformance test module, from its top-level suite or its file name. */
function dialectOf(moduleId: string, fullNames: readonly string[]): string | undefined {
  for (const name of fullNames) {
    const match = /^conformance: ([^\s>]+)/.exec(name)
    if (match?.[1]) return match[1]
  }
  return /conformance\.([a-z0-9-]+)\.test\.ts$/.exec(moduleId)?.[1]
}

function summary(project: TestProject, statuses: Record<ConformanceDialect, DialectStatus>): string {
  const tally = new Map<string, Tally>()
  for (const module of project.vitest.state.getTestModules()) {
    if (module.project.name !== project.name) continue
    const tests = [...module.children.allTests()]
    const dialect = dialectOf(
      module.moduleId,
      tests.map((test) => test.fullName),
    )
    if (dialect === undefined) continue
    const t = tally.get(dialect) ?? { passed: 0, failed: 0, skipped: 0, broken: false }
    // A failed hook (e.g. the harness could not create its database) fails the module.
    if (module.state() === 'failed') t.broken = true
    for (const test of tests) {
      const state = test.result().state
      if (state === 'passed') t.passed++
      else if (state === 'failed') t.failed++
      else if (state === 'skipped') t.skipped++
    }
    tally.set(dialect, t)
  }
  const lines = DIALECTS.map((d) => {
    const t = tally.get(d)
    const s = statuses[d]
    if (!s.available) return `  ${d.padEnd(8)} ${isCi() ? 'FAILED' : 'SKIPPED'}: ${s.reason ?? 'unavailable'}`
    if (!t) return `  ${d.padEnd(8)} not run (filtered out of this run)`
    const ran = t.passed + t.failed
    const counts = `${ran} tests, ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`
    if (t.broken && ran === 0) return `  ${d.padEnd(8)} FAILED TO RUN (see the errors above): ${counts}`
    return `  ${d.padEnd(8)} ${t.broken ? 'RAN WITH ERRORS' : 'RAN'}: ${counts}`
  })
  return ['', 'crmkit conformance summary:', ...lines, ''].join('\n')
}

/** Probe servers, provide the result to tests, and return the teardown that prints the summary. */
export default async function setup(project: TestProject): Promise<() => void> {
  const [sqlite, postgres, mysql] = await Promise.all([probeSqlite(), probeServer('postgres'), probeServer('mysql')])
  const statuses: Record<ConformanceDialect, DialectStatus> = {
    memory: { dialect: 'memory', available: true },
    sqlite,
    postgres,
    mysql,
  }
  project.provide('crmkitDialects', statuses)
  process.stdout.write(banner(statuses))
  return () => {
    process.stdout.write(summary(project, statuses))
  }
}
