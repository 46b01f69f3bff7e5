/**
 * The quick-start example (`npm run demo`) runs and prints the report the README describes; the same seed and
 * summary print the same report on the memory adapter. The expected report is committed beside this file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format } from 'node:util'
import { createCrm, type StorageAdapter } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import { sqliteStorage } from '@crmkit/storage-adapters/sqlite'
import { afterEach, expect, it, vi } from 'vitest'
import { seed } from './seed.mjs'
import { printSummary } from './summary.mjs'

const REPORT = './quickstart.output.txt'

/** Runs `work` and returns what it printed through console.log. */
async function printed(work: () => Promise<unknown>): Promise<string> {
  const lines: string[] = []
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => lines.push(format(...args)))
  try {
    await work()
  } finally {
    spy.mockRestore()
  }
  return lines.join('\n')
}

const dir = mkdtempSync(join(tmpdir(), 'crmkit-quickstart-test-'))
afterEach(() => vi.unstubAllEnvs())

it('npm run demo prints the pipeline, a segment, a timeline, a stage history and the events', async () => {
  const file = join(dir, 'demo.db')
  vi.stubEnv('CRMKIT_DEMO_DB', file)
  const output = await printed(() => import('./main.mjs'))
  rmSync(dir, { recursive: true, force: true })
  // The last line names the database file, which differs per run.
  expect(output.endsWith(`\nDatabase file: ${file}`)).toBe(true)
  await expect(output.slice(0, output.lastIndexOf('\n\nDatabase file:'))).toMatchFileSnapshot(REPORT)
})

it.each([
  ['memory', () => memoryStorage()],
  ['sqlite', () => sqliteStorage({ filename: ':memory:' })],
])('the same story prints the same report on %s', async (_name, storage: () => StorageAdapter) => {
  // main.mjs's clock: fixed, moved forward by the seed.
  let now = Date.parse('2026-09-01T09:00:00.000Z')
  const crm = createCrm({ storage: storage(), clock: () => new Date(now) })
  await crm.migrate()
  const events: string[] = []
  crm.events.onAny((event) => events.push(event.type))
  const acme = crm.forTenant('acme', { actor: 'demo-script' })
  const output = await printed(async () => {
    const seeded = await seed(acme, (days: number) => {
      now += days * 86_400_000
    })
    await printSummary(acme, seeded, events)
  })
  await crm.close()
  await expect(output).toMatchFileSnapshot(REPORT)
})
