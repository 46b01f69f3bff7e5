/**
 * Guides are tests: every ts/js block of the guides in docs/guides and of the README runs, and what its `// =>`
 * comments show must be exactly what it prints. The conventions are in docs/README.md ("Guides are tests").
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, afterEach, expect, test, vi } from 'vitest'
import { extractGuide, type Guide } from './guide-runner/extract.ts'
import { BLOCK_HOOK, type GuideStorage, guideModule, usesSwappableStorage } from './guide-runner/module.ts'
import { compareOutput, Transcript } from './guide-runner/transcript.ts'

const root = new URL('../', import.meta.url)
const guideFiles = [
  'README.md',
  ...readdirSync(new URL('docs/guides/', root))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/guides/${name}`),
]

// Generated modules go to a git-ignored folder inside the repository, so vitest resolves their imports with the
// workspace aliases (a file under node_modules or outside the root would be loaded by Node without them).
const runs = new URL('docs/.guide-runs/', root)
rmSync(runs, { recursive: true, force: true })
mkdirSync(runs, { recursive: true })
afterAll(() => rmSync(runs, { recursive: true, force: true }))
afterEach(() => {
  vi.restoreAllMocks()
  delete (globalThis as Record<string, unknown>)[BLOCK_HOOK]
})

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

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
  const tested = guide.blocks.filter((block) => block.notTested === null)
  if (tested.length === 0) continue
  const storages: GuideStorage[] =
    guide.asWritten === null && usesSwappableStorage(guide) ? ['memory', 'sqlite'] : ['as-written']

  for (const storage of storages) {
    test(`${file} runs on ${storage === 'as-written' ? 'the storage it names' : storage} and prints what it shows`, async () => {
      const transcript = new Transcript()
      ;(globalThis as Record<string, unknown>)[BLOCK_HOOK] = (block: number) => transcript.enter(block)
      for (const method of CONSOLE_METHODS)
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => transcript.print(args))

      const name = file.replaceAll('/', '__').replace(/\.md$/, '')
      const modulePath = fileURLToPath(new URL(`${name}.${storage}.ts`, runs))
      writeFileSync(modulePath, guideModule(guide, storage))
      let failure: unknown = null
      try {
        await import(/* @vite-ignore */ pathToFileURL(modulePath).href)
      } catch (error) {
        failure = error
      }
      vi.restoreAllMocks()

      const last = failure === null ? guide.blocks.length - 1 : transcript.currentBlock
      if (failure !== null) {
        const block = guide.blocks[last]
        const where = block ? `${file}:${block.fenceLine}` : file
        throw new Error(
          `The block at ${where} threw (line numbers in the stack are the guide's own lines):\n${describe(failure)}`,
          { cause: failure },
        )
      }
      const { shown, printed } = compareOutput(file, guide.blocks, transcript, last)
      expect(printed, `${file}: what the blocks print differs from their // => comments`).toBe(shown)
    })
  }
}

function describe(error: unknown): string {
  // Parse errors arrive with terminal colours; the report should read the same in a log file.
  return stripVTControlCharacters(error instanceof Error ? (error.stack ?? String(error)) : String(error))
}
