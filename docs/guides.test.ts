/**
 * Guides are tests: every ts/js block of the guides in docs/guides and of the README runs, on the memory adapter
 * and on SQLite, and what its `// =>` comments show must be exactly what it prints. The conventions are in
 * docs/README.md ("Guides are tests").
 */
import { readdirSync, readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { extractGuide, type Guide } from './guide-runner/extract.ts'
import { type GuideStorage, usesSwappableStorage } from './guide-runner/module.ts'
import { runGuide } from './guide-runner/run.ts'
import { typecheckGuides } from './guide-runner/typecheck.ts'

const root = new URL('../', import.meta.url)
const guideFiles = [
  'README.md',
  ...readdirSync(new URL('docs/guides/', root))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/guides/${name}`),
]

const toTypecheck = new Map<string, Guide>()

for (const file of guideFiles) {
  let guide: Guide
  try {
    guide = extractGuide(readFileSync(new URL(file, root), 'utf8'), file)
  } catch (error) {
    // A mistake in a guide's annotations fails that guide's test, not the whole file.
    test(`${file} has well-formed test annotations`, () => {
      throw error
    })
    continue
  }
  if (guide.blocks.some((block) => block.typechecked)) toTypecheck.set(file, guide)
  if (guide.blocks.every((block) => block.notTested !== null)) continue
  const storages: GuideStorage[] =
    guide.asWritten === null && usesSwappableStorage(guide) ? ['memory', 'sqlite'] : ['as-written']

  for (const storage of storages) {
    const on = storage === 'as-written' ? 'the storage it names' : storage
    test(`${file} runs on ${on} and prints what it shows`, async () => {
      const run = await runGuide(file, guide, storage)
      if (run.failure !== null) {
        const where = run.failure.line === null ? file : `${file}:${run.failure.line}`
        throw new Error(
          `The block at ${where} threw (line numbers in the stack are the guide's own lines):\n${run.failure.message}`,
          { cause: run.failure.error },
        )
      }
      expect(run.printed, `${file}: what the blocks print differs from their // => comments`).toBe(run.shown)
    })
  }
}

test('every guide typechecks against the current API, as written', { timeout: 300_000 }, () => {
  const errors = typecheckGuides(toTypecheck).map((e) => `${e.file}:${e.line}: ${e.message}`)
  expect(errors).toEqual([])
})
