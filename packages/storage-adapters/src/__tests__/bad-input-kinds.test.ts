/**
 * The bad-input corpus across adapters: one generated sequence of corpus calls (see
 * `testing/bad-input-calls.ts`) runs in the same order on memory and on every available SQL
 * dialect, each on its own fresh store with the same deterministic clock, and every call must
 * end the same way everywhere: success, or the same `CrmError` class and code. The per-adapter
 * contract (readable errors, nothing half-written) is the conformance area `bad-input corpus`.
 */
import type { StorageAdapter } from '@crmkit/core'
import { createCrm } from '@crmkit/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '../memory.js'
import type { CorpusCall } from '../testing/bad-input-calls.js'
import {
  argumentsOf,
  baselineCalls,
  corpusCallArb,
  describeCall,
  invoke,
  seedBaseline,
} from '../testing/bad-input-calls.js'
import { CORPUS_CI_SEED } from '../testing/bad-input-corpus.js'
import { TestClock } from '../testing/context.js'
import type { TestDatabase } from '../testing/databases.js'
import { availableSqlDialects, createTestDatabase } from '../testing/databases.js'
import { isCi } from '../testing/dialects.js'

/** Calls in the shared sequence; each runs once per adapter (`CRMKIT_CORPUS_RUNS` for a deeper local hunt). */
const CALLS = Number(process.env.CRMKIT_CORPUS_RUNS ?? '') || 150

interface Opened {
  readonly name: string
  readonly storage: StorageAdapter
  readonly db?: TestDatabase
}

const opened: Opened[] = []

beforeAll(async () => {
  opened.push({ name: 'memory', storage: memoryStorage() })
  for (const dialect of await availableSqlDialects()) {
    const db = await createTestDatabase(dialect)
    opened.push({ name: dialect, storage: db.storage(), db })
  }
}, 60_000)

afterAll(async () => {
  for (const { storage, db } of opened) {
    try {
      await storage.close()
    } finally {
      await db?.drop()
    }
  }
})

/** Runs `calls` in order on a fresh tenant of `storage`; returns each call's outcome kind. */
async function outcomeKinds(storage: StorageAdapter, calls: readonly CorpusCall[]): Promise<string[]> {
  const crm = createCrm({ storage, clock: new TestClock().now })
  await crm.migrate()
  const t = crm.forTenant('corpus', { actor: 'tester' })
  const baselines = baselineCalls(await seedBaseline(t))
  const kinds: string[] = []
  for (const call of calls) kinds.push((await invoke(t, call.method, argumentsOf(call, baselines))).kind)
  return kinds
}

describe('bad-input corpus across adapters', () => {
  it('the same call sequence ends the same way (success, or the same CrmError class and code) on every adapter', async () => {
    const seed = isCi() ? CORPUS_CI_SEED : Date.now() % 2_147_483_647
    // Only the shape of the baselines matters for generation, so placeholder ids will do.
    const shape = baselineCalls({
      contact: 'c',
      contact2: 'c2',
      company: 'co',
      company2: 'co2',
      pipeline: 'p',
      stages: ['s0', 's1'],
      pipeline2: 'p2',
      pipeline2Stage: 'p2s',
      deal: 'd',
      deal2: 'd2',
      activity: 'a',
      activity2: 'a2',
      task: 't',
      task2: 't2',
      field: 'f',
      field2: 'f2',
      segment: 'sg',
      staticSegment: 'sg2',
      spareSegment: 'sg3',
    })
    const calls = fc.sample(corpusCallArb(shape), { numRuns: CALLS, seed })
    const [reference, ...others] = opened
    const expected = await outcomeKinds(reference!.storage, calls)
    // A sequence that never fails (or never succeeds) would compare nothing interesting.
    expect(new Set(expected).size, `seed ${seed}`).toBeGreaterThan(1)
    for (const other of others) {
      const actual = await outcomeKinds(other.storage, calls)
      const differences = calls
        .map((call, i) => ({ call, want: expected[i], got: actual[i] }))
        .filter(({ want, got }) => want !== got)
        .map(({ call, want, got }) => `${describeCall(call)}: ${reference!.name} ${want}, ${other.name} ${got}`)
      expect(differences, `seed ${seed}, ${other.name} vs ${reference!.name}`).toEqual([])
    }
  }, 240_000)
})
