import { Console } from 'node:console'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { vi } from 'vitest'
import type { Guide } from './extract.ts'
import { BLOCK_HOOK, type GuideStorage, guideModule } from './module.ts'
import { compareOutput, Transcript } from './transcript.ts'

/** Where generated modules go while they run: a git-ignored folder inside the repository (see {@link runGuide}). */
const RUNS_FOLDER = new URL('../.guide-runs/', import.meta.url)

/** What running a guide gave. */
export interface GuideRun {
  /** Null when every block ran; otherwise what the first failing block threw, with its guide line. */
  readonly failure: { readonly line: number | null; readonly message: string; readonly error: unknown } | null
  /** What the blocks that ran show in their `// =>` comments, one section per block (see compareOutput). */
  readonly shown: string
  /** What those blocks printed, in the same layout. */
  readonly printed: string
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'table'] as const

// Every run gets its own module file: vitest caches modules by path, so a second run of the same guide in one
// worker would otherwise get the first run's module back without executing anything.
let runCount = 0

/**
 * Runs a guide's tested blocks as one module on `storage` and records what each block prints.
 *
 * The module is written into the repository (not under node_modules or the temp folder) so that vitest
 * transforms it and resolves `@crmkit/*` with the workspace aliases, exactly like a test file. Console output is
 * captured while it runs, formatted the way Node prints to a terminal without colours.
 */
export async function runGuide(file: string, guide: Guide, storage: GuideStorage): Promise<GuideRun> {
  const transcript = new Transcript()
  const hooks = globalThis as Record<string, unknown>
  hooks[BLOCK_HOOK] = (block: number) => transcript.enter(block)
  // A private Node console without colours does the formatting (util.inspect for log, the box table for
  // console.table), so the text is what Node prints whatever colour setting the test runner's console has.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      transcript.write(String(chunk))
      done()
    },
  })
  const plain = new Console({ stdout: sink, stderr: sink, colorMode: false })
  const spies = CONSOLE_METHODS.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => plain[method](...(args as [unknown]))),
  )
  mkdirSync(RUNS_FOLDER, { recursive: true })
  const name = file.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/\.md$/, '')
  const modulePath = fileURLToPath(new URL(`${name}.${storage}.${++runCount}.ts`, RUNS_FOLDER))
  writeFileSync(modulePath, guideModule(guide, storage))
  let failure: GuideRun['failure'] = null
  try {
    await import(/* @vite-ignore */ pathToFileURL(modulePath).href)
  } catch (error) {
    const block = guide.blocks[transcript.currentBlock]
    // Parse errors arrive with terminal colours; the report should read the same in a log file.
    const message = stripVTControlCharacters(error instanceof Error ? (error.stack ?? String(error)) : String(error))
    failure = { line: block?.fenceLine ?? null, message, error }
  } finally {
    for (const spy of spies) spy.mockRestore()
    delete hooks[BLOCK_HOOK]
    // Stack traces point at the guide's own lines, so the generated file is not needed afterwards.
    rmSync(modulePath, { force: true })
  }
  const upTo = failure === null ? guide.blocks.length - 1 : transcript.currentBlock
  return { failure, ...compareOutput(file, guide.blocks, transcript, upTo) }
}
