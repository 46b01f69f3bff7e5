/**
 * The guide runner itself: that it reads the annotations as docs/README.md documents them, fails on output that
 * differs from what a guide shows, and runs a guide on the storage it is asked to.
 */
import { describe, expect, it } from 'vitest'
import { expectedOutput, extractGuide, GuideSyntaxError } from './extract.ts'
import { runGuide } from './run.ts'
import { lineMatches } from './transcript.ts'
import { typecheckGuides } from './typecheck.ts'

const md = (...lines: string[]) => lines.join('\n')

describe('reading a guide', () => {
  it('takes ts and js blocks, with their fence line, and leaves other languages alone', () => {
    const guide = extractGuide(
      md('# T', '', '```sh', 'npm i', '```', '', '```ts', 'const a = 1', '```', '', '```js', 'a', '```'),
      'x.md',
    )
    expect(guide.blocks.map((b) => [b.fenceLine, b.lang, b.lines])).toEqual([
      [7, 'ts', ['const a = 1']],
      [11, 'js', ['a']],
    ])
  })

  it('skips a block marked not-tested, and insists on a reason and on a block right after the marker', () => {
    const guide = extractGuide(md('<!-- not-tested: needs a server -->', '```ts', 'connect()', '```'), 'x.md')
    expect(guide.blocks[0]?.notTested).toBe('needs a server')
    expect(() => extractGuide(md('<!-- not-tested: -->', '```ts', 'x', '```'), 'x.md')).toThrow(GuideSyntaxError)
    expect(() => extractGuide(md('<!-- not-tested: why -->', '', 'Prose.', '', '```ts', 'x', '```'), 'x.md')).toThrow(
      /x\.md:1: a block directive must stand directly before/,
    )
  })

  it('refuses directives it does not know, so a typo cannot silently run or skip a block', () => {
    expect(() => extractGuide(md('<!-- no-run -->', '```ts', 'x', '```'), 'x.md')).toThrow(/unknown test directive/)
  })

  it('reads tested-as-written anywhere in the guide', () => {
    const guide = extractGuide(md('<!-- tested-as-written: shows adapters -->', '', '```ts', 'x', '```'), 'x.md')
    expect(guide.asWritten).toBe('shows adapters')
  })
})

describe('// => output comments', () => {
  const shown = (...lines: string[]) => expectedOutput(lines, 10, 'x.md').map((o) => [o.line, o.text])

  it('reads a trailing comment as one printed line', () => {
    expect(shown("console.log(a) // => [ 'x' ]", 'f() // an ordinary comment')).toEqual([[10, "[ 'x' ]"]])
  })

  it('continues a standalone output with the comment lines touching it, keeping their indentation', () => {
    expect(shown('console.log(o)', '// => {', '//   a: 1', '// }', 'next()', '// not output')).toEqual([
      [11, '{'],
      [12, '  a: 1'],
      [13, '}'],
    ])
  })

  it('starts on the next line after a bare // =>, and stops at a blank line', () => {
    expect(shown('loop()', '// =>', '// a  1', '// b  2', '', '// explanation')).toEqual([
      [12, 'a  1'],
      [13, 'b  2'],
    ])
  })

  it('refuses an output comment it cannot read', () => {
    expect(() => shown('console.log(a) //=> 1')).toThrow(/one space each side/)
  })

  it('lets … stand for any text in a line, and nothing else', () => {
    expect(lineMatches("{ id: '…', n: 1 }", "{ id: '01a2-77', n: 1 }")).toBe(true)
    expect(lineMatches("{ id: '…', n: 1 }", "{ id: '01a2-77', n: 2 }")).toBe(false)
    expect(lineMatches('a.b (x)', 'a.b (x)')).toBe(true)
    expect(lineMatches('a.b', 'axb')).toBe(false)
  })
})

describe('running a guide', () => {
  const guide = (source: string) => extractGuide(source, 'fixture.md')

  it('passes when every block prints exactly what it shows', async () => {
    const run = await runGuide(
      'fixture.md',
      guide(
        md(
          '```ts',
          'const xs = [1, 2]',
          'console.log(xs) // => [ 1, 2 ]',
          '```',
          '',
          '```ts',
          "console.log(xs.length, 'ok') // => 2 ok",
          '```',
        ),
      ),
      'as-written',
    )
    expect(run.failure).toBeNull()
    expect(run.printed).toBe(run.shown)
    expect(run.printed).toBe(md('--- fixture.md:1 ---', '[ 1, 2 ]', '--- fixture.md:6 ---', '2 ok'))
  })

  it('fails when a block prints something else than it shows, or prints what it does not show', async () => {
    const wrong = await runGuide('fixture.md', guide(md('```ts', 'console.log(1 + 1) // => 3', '```')), 'as-written')
    expect(wrong.printed).not.toBe(wrong.shown)
    expect(wrong.printed).toContain('2')
    const unshown = await runGuide('fixture.md', guide(md('```ts', "console.log('surprise')", '```')), 'as-written')
    expect(unshown).toMatchObject({ shown: '--- fixture.md:1 ---', printed: md('--- fixture.md:1 ---', 'surprise') })
  })

  it('prints tables and errors as Node does without colours, whatever the test console does', async () => {
    const run = await runGuide(
      'fixture.md',
      guide(md('```ts', "console.table([{ key: 'email', n: 1 }])", "console.error('to stderr', { n: 1 })", '```')),
      'as-written',
    )
    expect(run.printed).toBe(
      md(
        '--- fixture.md:1 ---',
        '┌─────────┬─────────┬───┐',
        '│ (index) │ key     │ n │',
        '├─────────┼─────────┼───┤',
        "│ 0       │ 'email' │ 1 │",
        '└─────────┴─────────┴───┘',
        'to stderr { n: 1 }',
      ),
    )
  })

  it('names the block that threw, with a stack that points at the guide line', async () => {
    const run = await runGuide(
      'fixture.md',
      guide(md('```ts', 'const ok = 1', '```', '', 'Then:', '', '```ts', "throw new Error('broken guide')", '```')),
      'as-written',
    )
    expect(run.failure?.line).toBe(7)
    expect(run.failure?.message).toContain('broken guide')
    expect(run.failure?.message).toMatch(/fixture\.as-written\.\d+\.ts:8:/)
  })

  it('does not run a not-tested or typecheck-only block', async () => {
    for (const directive of ['not-tested', 'typecheck-only']) {
      const run = await runGuide(
        'fixture.md',
        guide(md(`<!-- ${directive}: would throw -->`, '```ts', "throw new Error('ran')", '```')),
        'as-written',
      )
      expect(run.failure).toBeNull()
    }
  })

  it('runs a guide on memory and on SQLite, whichever adapter it imports', async () => {
    for (const entry of ['sqlite', 'memory']) {
      const factory = `${entry}Storage`
      const source = md(
        '```ts',
        `import { ${factory} } from '@crmkit/storage-adapters/${entry}'`,
        `const storage = ${factory}(${entry === 'sqlite' ? "{ filename: ':memory:' }" : ''})`,
        'console.log(storage.dialect)',
        '// => …',
        'await storage.close()',
        '```',
      )
      for (const storage of ['memory', 'sqlite'] as const) {
        const run = await runGuide('fixture.md', guide(source), storage)
        expect(run.failure).toBeNull()
        expect(run.printed).toBe(md('--- fixture.md:1 ---', storage))
      }
    }
  })
})

describe('typechecking a guide', () => {
  it('reports a type error at the guide line, in strict mode, and passes a guide without one', () => {
    const broken = extractGuide(
      md('# T', '', '```ts', 'const xs = [1, 2]', 'const n: number = xs[0] // undefined?', '```'),
      'docs/broken.md',
    )
    const fine = extractGuide(
      md('```ts', 'const xs = [1, 2]', 'const n: number = xs[0]!', 'console.log(n)', '```'),
      'docs/fine.md',
    )
    // typecheck-only blocks are checked; not-tested ones (here not even valid code) are not.
    const skipped = extractGuide(
      md(
        '<!-- typecheck-only: checked -->',
        '```ts',
        'const a: string = 1',
        '```',
        '',
        '<!-- not-tested: a shape -->',
        '```ts',
        '{ a: ... }',
        '```',
      ),
      'docs/skipped.md',
    )
    const errors = typecheckGuides(
      new Map([
        ['docs/broken.md', broken],
        ['docs/fine.md', fine],
        ['docs/skipped.md', skipped],
      ]),
    )
    expect(errors).toEqual([
      { file: 'docs/broken.md', line: 5, message: expect.stringContaining("'number | undefined' is not assignable") },
      { file: 'docs/skipped.md', line: 3, message: expect.stringContaining("'number' is not assignable") },
    ])
  })
})
