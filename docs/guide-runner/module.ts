import { fileURLToPath } from 'node:url'
import type { Guide } from './extract.ts'

/** The storage a guide runs on: memory, SQLite, or whatever it imports itself (`tested-as-written`). */
export type GuideStorage = 'memory' | 'sqlite' | 'as-written'

const standIn = (name: string) => fileURLToPath(new URL(`./stand-ins/${name}.ts`, import.meta.url))

/**
 * How a run swaps the storage: the guide's import of the *other* adapter's entry point is pointed at a stand-in
 * module whose factory returns the adapter under test. Only the specifier changes; the guide's code is untouched.
 */
const SWAPS: Record<GuideStorage, Record<string, string>> = {
  memory: { '@crmkit/storage-adapters/sqlite': standIn('sqlite-storage-on-memory') },
  sqlite: { '@crmkit/storage-adapters/memory': standIn('memory-storage-on-sqlite') },
  'as-written': {},
}

const STORAGE_IMPORT = /from\s+'@crmkit\/storage-adapters\/(memory|sqlite)'/

/** The name of the global the generated module reports block boundaries to. */
export const BLOCK_HOOK = '__crmkitGuideBlock'

/** True when the guide builds a CRM on a storage the runner can swap (so it runs on memory and on SQLite). */
export function usesSwappableStorage(guide: Guide): boolean {
  return guide.blocks.some((block) => block.notTested === null && block.lines.some((l) => STORAGE_IMPORT.test(l)))
}

/**
 * Concatenates a guide's tested blocks, in order, into one ES module: later blocks see what earlier ones declared,
 * as when a reader pastes them into one file. Every code line stays on its Markdown line number (other lines are
 * left empty), so a stack trace into the generated file points at the guide's own line. The opening fence line of
 * each block calls the block hook, which lets the runner attribute console output to blocks. `forTypecheck` builds
 * the module the typecheck reads instead: no hooks, and the typecheck-only blocks included.
 */
export function guideModule(
  guide: Guide,
  storage: GuideStorage,
  options: { readonly forTypecheck?: boolean } = {},
): string {
  const out: string[] = Array.from({ length: guide.lineCount }, () => '')
  const swaps = Object.entries(SWAPS[storage])
  guide.blocks.forEach((block, index) => {
    if (options.forTypecheck ? !block.typechecked : block.notTested !== null) return
    if (!options.forTypecheck)
      out[block.fenceLine - 1] =
        `;(globalThis as Record<string, unknown> & { ${BLOCK_HOOK}: (n: number) => void }).${BLOCK_HOOK}(${index});`
    block.lines.forEach((text, offset) => {
      let line = text
      for (const [from, to] of swaps) line = line.replace(`'${from}'`, JSON.stringify(to))
      out[block.fenceLine + offset] = line
    })
  })
  return `${out.join('\n')}\nexport {}\n`
}
