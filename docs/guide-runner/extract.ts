import MarkdownIt from 'markdown-it'

/**
 * Reads a guide the way the guide runner needs it: which code blocks run, where they are, and what output their
 * comments promise. The conventions are documented in docs/README.md ("Guides are tests").
 */

/** Fence languages that are run. Everything else (sh, text, json...) is shown, never run. */
const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript'])

/** `<!-- not-tested: reason -->` directly before a block keeps it from running; the reason is mandatory. */
const NOT_TESTED = /^<!--\s*not-tested:\s*(.*?)\s*-->\s*$/s
/** `<!-- typecheck-only: reason -->` directly before a block: typechecked with the guide, never run. */
const TYPECHECK_ONLY = /^<!--\s*typecheck-only:\s*(.*?)\s*-->\s*$/s
/** `<!-- tested-as-written: reason -->` anywhere in a guide: run it once, on the storage it names. */
const AS_WRITTEN = /^<!--\s*tested-as-written:\s*(.*?)\s*-->\s*$/s
/** A directive-looking comment that matches neither (e.g. a typo) must fail loudly, not silently run. */
const DIRECTIVE_LIKE = /^<!--\s*(not-tested|typecheck-only|tested-as-written|no-run|skip)\b/

export interface OutputLine {
  /** 1-based line in the Markdown file of the comment that shows this output line. */
  readonly line: number
  /** The text the program prints; `…` stands for any run of characters (ids, timestamps). */
  readonly text: string
}

export interface CodeBlock {
  /** 1-based line of the opening fence. */
  readonly fenceLine: number
  readonly lang: string
  /** The block's source lines, the first one on `fenceLine + 1`. */
  readonly lines: readonly string[]
  /** Why the block does not run, or null when it runs. */
  readonly notTested: string | null
  /** Whether the guide typecheck includes the block: every block that runs, and those marked typecheck-only. */
  readonly typechecked: boolean
  /** What the block prints, in order, as its `// =>` comments show it. */
  readonly expected: readonly OutputLine[]
}

export interface Guide {
  /** Number of lines of the Markdown file (the generated module keeps the same line numbers). */
  readonly lineCount: number
  /** Why the guide runs only once, on the storage it names, instead of on memory and on SQLite; null otherwise. */
  readonly asWritten: string | null
  /** The runnable-language blocks, tested or not, in document order. */
  readonly blocks: readonly CodeBlock[]
}

/** A mistake in a guide's test annotations: reported as a test failure naming the line. */
export class GuideSyntaxError extends Error {
  override readonly name = 'GuideSyntaxError'
}

const markdown = new MarkdownIt({ html: true })

/** Parses a guide with a CommonMark parser and returns its code blocks and their promised output. */
export function extractGuide(source: string, file: string): Guide {
  const tokens = markdown.parse(source, {})
  const blocks: CodeBlock[] = []
  let asWritten: string | null = null
  let pendingSkip: { reason: string; line: number; typecheck: boolean } | null = null

  for (const token of tokens) {
    const line = (token.map?.[0] ?? 0) + 1
    if (token.type === 'html_block') {
      const html = token.content.trim()
      const skip = NOT_TESTED.exec(html)
      const typecheckOnly = TYPECHECK_ONLY.exec(html)
      const once = AS_WRITTEN.exec(html)
      if (skip) pendingSkip = { reason: requireReason(skip[1], file, line), line, typecheck: false }
      else if (typecheckOnly)
        pendingSkip = { reason: requireReason(typecheckOnly[1], file, line), line, typecheck: true }
      else if (once) asWritten = requireReason(once[1], file, line)
      else if (DIRECTIVE_LIKE.test(html))
        throw new GuideSyntaxError(
          `${file}:${line}: unknown test directive ${html}; use <!-- not-tested: reason -->, <!-- typecheck-only: reason --> or <!-- tested-as-written: reason -->`,
        )
      continue
    }
    const lang = token.type === 'fence' ? (token.info.trim().split(/\s+/)[0] ?? '') : ''
    if (!RUNNABLE.has(lang)) {
      // A block directive applies to the ts/js block right after it, nothing further down.
      if (pendingSkip) danglingDirective(pendingSkip, file)
      continue
    }
    const lines = token.content.replace(/\n$/, '').split('\n')
    blocks.push({
      fenceLine: line,
      lang,
      lines,
      notTested: pendingSkip?.reason ?? null,
      typechecked: pendingSkip?.typecheck ?? true,
      expected: pendingSkip ? [] : expectedOutput(lines, line + 1, file),
    })
    pendingSkip = null
  }
  if (pendingSkip) danglingDirective(pendingSkip, file)
  return { lineCount: source.split('\n').length, asWritten, blocks }
}

function requireReason(reason: string | undefined, file: string, line: number): string {
  if (!reason) throw new GuideSyntaxError(`${file}:${line}: a test directive needs a reason after the colon`)
  return reason
}

function danglingDirective(skip: { line: number }, file: string): never {
  throw new GuideSyntaxError(`${file}:${skip.line}: a block directive must stand directly before a ts/js code block`)
}

const TRAILING = / \/\/ =>(?: (.*))?$/
const STANDALONE = /^\s*\/\/ =>(?: (.*))?$/
const COMMENT = /^\s*\/\/(?: (.*))?$/

/**
 * Collects a block's `// =>` output comments:
 * - `code // => text`: the statement prints one line, `text`;
 * - `// => text` on a line of its own: output whose first line is `text`, and every directly following `//` line
 *   (up to a line that is not a comment) is one more output line, read after the `// `;
 * - `// =>` alone: the output starts on the next `//` line (handy for tables and loops, to keep columns aligned).
 * Explanations go before the statement, or after a blank line: comments touching an output are output.
 */
export function expectedOutput(lines: readonly string[], firstLine: number, file: string): OutputLine[] {
  const expected: OutputLine[] = []
  let continuing = false
  lines.forEach((text, index) => {
    const line = firstLine + index
    const standalone = STANDALONE.exec(text)
    const comment = COMMENT.exec(text)
    if (standalone) {
      if (standalone[1] !== undefined) expected.push({ line, text: standalone[1] })
      continuing = true
    } else if (continuing && comment) {
      expected.push({ line, text: comment[1] ?? '' })
    } else {
      continuing = false
      const trailing = comment ? null : TRAILING.exec(text)
      if (trailing) expected.push({ line, text: trailing[1] ?? '' })
      else if (/\/\/\s*=>/.test(text) && !comment)
        throw new GuideSyntaxError(`${file}:${line}: write output comments as '// => text' (one space each side)`)
    }
  })
  return expected
}
