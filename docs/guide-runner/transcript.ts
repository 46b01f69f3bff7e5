import type { CodeBlock } from './extract.ts'

/** What a guide printed, block by block (index into `Guide.blocks`). */
export class Transcript {
  readonly #lines = new Map<number, string[]>()
  #block = -1

  /** Called by the generated module at each block's opening fence. */
  enter(block: number): void {
    this.#block = block
  }

  /** The block that ran last (the one that threw, when the module throws). */
  get currentBlock(): number {
    return this.#block
  }

  /** Records what one console call wrote (one or more lines, ending with a newline). */
  write(text: string): void {
    const lines = this.#lines.get(this.#block) ?? []
    lines.push(...text.replace(/\n$/, '').split('\n'))
    this.#lines.set(this.#block, lines)
  }

  printed(block: number): readonly string[] {
    return this.#lines.get(block) ?? []
  }
}

const WILDCARD = '…'

/** Whether a printed line matches a shown one, where `…` in the shown line stands for any run of characters. */
export function lineMatches(shown: string, printed: string): boolean {
  if (!shown.includes(WILDCARD)) return shown === printed
  const pattern = shown
    .split(WILDCARD)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*?')
  return new RegExp(`^${pattern}$`, 's').test(printed)
}

/**
 * Renders what the blocks showed and what they printed as two texts of the same layout, one section per block
 * with output, so a mismatch reads as an ordinary diff. A shown line with a wildcard that matches is replaced by
 * the printed line, so only real differences show up in the diff.
 */
export function compareOutput(
  file: string,
  blocks: readonly CodeBlock[],
  transcript: Transcript,
  upTo: number,
): { shown: string; printed: string } {
  const shown: string[] = []
  const printed: string[] = []
  blocks.forEach((block, index) => {
    if (index > upTo || block.notTested !== null) return
    const actual = transcript.printed(index)
    const expected = block.expected.map((output, i) => {
      const got = actual[i]
      return got !== undefined && lineMatches(output.text, got) ? got : output.text
    })
    if (expected.length === 0 && actual.length === 0) return
    const header = `--- ${file}:${block.fenceLine} ---`
    shown.push(header, ...expected)
    printed.push(header, ...actual)
  })
  return { shown: shown.join('\n'), printed: printed.join('\n') }
}
