import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  argumentsOf,
  baselineCalls,
  contractBreach,
  corpusCallArb,
  describeCall,
  invoke,
  seedBaseline,
  tenantMethods,
} from './bad-input-calls.js'
import type { SuiteContext, TenantSnapshot } from './context.js'
import { describeError, snapshotTenant } from './context.js'
import { isCi } from './dialects.js'

/**
 * Generated calls per adapter: 200, small enough for CI on two shared cores; set
 * `CRMKIT_CORPUS_RUNS` for a deeper local hunt.
 */
export const CORPUS_RUNS = Number(process.env.CRMKIT_CORPUS_RUNS ?? '') || 200
/** The seed used under CI (a local run draws a fresh one; fast-check prints it on failure). */
export const CORPUS_CI_SEED = 20_261_207

/** fast-check parameters shared by the corpus tests: fixed seed in CI, random locally. */
export function corpusParameters(numRuns: number): fc.Parameters<unknown> {
  return isCi() ? { numRuns, seed: CORPUS_CI_SEED } : { numRuns }
}

/**
 * The bad-input corpus (issue 9, "Keep it fixed"): every tenant method, called with awkward
 * values substituted into valid baseline arguments, either succeeds or throws a `CrmError`
 * with a readable message, and a call that throws leaves the tenant's raw rows untouched.
 */
export function badInputCorpusTests(get: () => SuiteContext): void {
  describe('bad-input corpus', () => {
    it('every tenant method has a baseline call, and every baseline call succeeds', async () => {
      const { t } = get().tenant()
      const baselines = baselineCalls(await seedBaseline(t))
      expect(Object.keys(baselines).sort()).toEqual(tenantMethods(t))
      // In declaration order: creates before deletes, deletes before restores.
      for (const [method, args] of Object.entries(baselines)) {
        const outcome = await invoke(t, method, args)
        expect(outcome.kind, `${method}: ${describeError(outcome.error)}`).toBe('ok')
      }
    })

    it('an id with NUL or a lone surrogate reads as absent everywhere, never a driver error', async () => {
      const { t } = get().tenant()
      const ids = await seedBaseline(t)
      const absent = '0190a0a0-0000-7000-8000-00000000abcd'
      // Found by the corpus: on PostgreSQL these filters sent the NUL to the driver (a StorageError).
      const calls: Array<[string, (id: string) => unknown[]]> = [
        ['contacts.get', (id) => [id]],
        ['deals.history', (id) => [id]],
        ['insights.transitions', (id) => [{ pipelineId: id }]],
        ['activities.timeline', (id) => [{ contactId: id }]],
        ['activities.count', (id) => [{ dealId: id }]],
      ]
      for (const id of ['a\u0000b', '\uD800', `${ids.pipeline.slice(0, 35)}\u0000`]) {
        for (const [method, args] of calls) {
          const want = await invoke(t, method, args(absent))
          const got = await invoke(t, method, args(id))
          expect(got.kind, `${method}(${JSON.stringify(id)}): ${describeError(got.error)}`).toBe(want.kind)
        }
      }
    })

    it('corpus values in any argument or field: success or a readable CrmError, and a failed call writes nothing', async () => {
      const { raw } = get()
      const { t, tenantId } = get().tenant()
      const baselines = baselineCalls(await seedBaseline(t))
      // Taken again only after a call succeeded (a success may write; a failure must not).
      let before: TenantSnapshot | undefined
      await fc.assert(
        fc.asyncProperty(corpusCallArb(baselines), async (call) => {
          before ??= await snapshotTenant(raw, tenantId)
          const outcome = await invoke(t, call.method, argumentsOf(call, baselines))
          const label = `${describeCall(call)} -> ${outcome.kind}`
          expect(contractBreach(outcome), label).toBeUndefined()
          expect(({} as Record<string, unknown>).polluted, `${label}: Object.prototype polluted`).toBeUndefined()
          if (outcome.kind === 'ok') before = undefined
          else expect(await snapshotTenant(raw, tenantId), `${label}: half-written`).toEqual(before)
        }),
        corpusParameters(CORPUS_RUNS),
      )
    }, 120_000)
  })
}
