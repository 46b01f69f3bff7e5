import { ValidationError } from '@crmkit/core/storage'
import { describe, expect, it } from 'vitest'
import { range } from './attribution-stories.js'
import type { SuiteContext } from './context.js'
import { caught } from './context.js'
import { spyStorage } from './spy.js'

/**
 * Bad report options, each with the key its issue must name. Every one is refused on an
 * empty tenant too: the options are checked before any data is read, not by the models
 * after the journeys were built (which an empty tenant never reaches).
 */
const badOptions: ReadonlyArray<{ readonly options: Record<string, unknown>; readonly key: string }> = [
  { options: { model: 'markov', order: 9 }, key: 'order' },
  { options: { model: 'shapley', variant: 42 }, key: 'variant' },
  { options: { model: 'markov', solver: 'magic' }, key: 'solver' },
  { options: { model: 'markov', maxIterations: 0.5 }, key: 'maxIterations' },
  { options: { model: 'timeDecay', halfLifeDays: -1 }, key: 'halfLifeDays' },
  { options: { model: 'positionBased', first: 0.8, last: 0.8 }, key: 'last' },
  { options: { model: 'wShaped', lead: -1 }, key: 'lead' },
  { options: { model: 'custom', weights: 3 }, key: 'weights' },
  { options: { model: 'lastNonDirect', directChannel: '' }, key: 'directChannel' },
  // A parameter of another model is refused, not ignored.
  { options: { model: 'first', order: 2 }, key: 'order' },
  { options: { model: 'shapley', halfLifeDays: 3 }, key: 'halfLifeDays' },
  { options: { model: 'nope' }, key: 'model' },
]

/** `t.attribution.report` validates all of its options up front. */
export function attributionReportOptionTests(get: () => SuiteContext): void {
  describe('attribution: report options', () => {
    it('an empty tenant refuses bad model options, each issue naming its key, and nothing is read', async () => {
      const { tenantId } = get().tenant()
      const spy = spyStorage(get().storage)
      const t = get().crmOver(spy.storage).forTenant(tenantId, { actor: 'tester' })
      for (const { options, key } of badOptions) {
        const error = await caught(t.attribution.report({ ...range, ...options } as never))
        expect(error, JSON.stringify(options)).toBeInstanceOf(ValidationError)
        const issues = (error as ValidationError).issues
        expect(issues.length, JSON.stringify(options)).toBeGreaterThan(0)
        for (const issue of issues) expect(issue.path, JSON.stringify(options)).toEqual([key])
      }
      expect(spy.calls).toEqual([])
      // The same facade does read once the options are good: the spy sees the storage.
      const empty = await t.attribution.report({ ...range, model: 'shapley', variant: 'conversionRate' })
      expect(empty.rows).toEqual([])
      expect(spy.calls.length).toBeGreaterThan(0)
      // Through the adapter's attribution extension when it offers one, else core's fallback over query().
      const read = get().storage.extensions?.attribution ? 'extensions.attribution.journeyData' : 'query'
      expect(spy.calls).toContain(read)
    })
  })
}
