import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import type { Guide } from './extract.ts'
import { guideModule } from './module.ts'

/** One type error in a guide, at the guide's own line. */
export interface GuideTypeError {
  readonly file: string
  readonly line: number
  readonly message: string
}

const root = new URL('../../', import.meta.url)
const path = (relative: string) => fileURLToPath(new URL(relative, root))

/** The workspace packages by import name, resolved to their sources (as the vitest aliases do). */
const PACKAGES: Record<string, string> = {
  '@crmkit/core': 'packages/core/src/index.ts',
  '@crmkit/core/storage': 'packages/core/src/storage-entry.ts',
  '@crmkit/core/http': 'packages/core/src/http/index.ts',
  '@crmkit/core/http/node': 'packages/core/src/http/node-entry.ts',
  '@crmkit/core/client': 'packages/core/src/http/client-entry.ts',
  '@crmkit/analytics': 'packages/analytics/src/index.ts',
  '@crmkit/storage-adapters': 'packages/storage-adapters/src/index.ts',
  '@crmkit/storage-adapters/*': 'packages/storage-adapters/src/*.ts',
}

/**
 * Typechecks guides as written, with the compiler options the packages use (strict, `noUncheckedIndexedAccess`...),
 * so that a guide showing an option or a field the API no longer has fails even when the value is never printed.
 * Each guide is checked as the module the runner would run, kept in memory beside its Markdown file; only errors in
 * the guides are reported, at their Markdown lines.
 */
export function typecheckGuides(guides: ReadonlyMap<string, Guide>): GuideTypeError[] {
  const config = ts.readConfigFile(path('tsconfig.base.json'), ts.sys.readFile)
  const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, path('.'))
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    allowImportingTsExtensions: true,
    paths: Object.fromEntries(Object.entries(PACKAGES).map(([name, target]) => [name, [path(target)]])),
  }
  const virtual = new Map<string, string>()
  const fileOf = new Map<string, string>()
  for (const [file, guide] of guides) {
    const modulePath = `${path(file)}.ts`
    virtual.set(modulePath, guideModule(guide, 'as-written', { forTypecheck: true }))
    fileOf.set(modulePath, file)
  }
  const host = ts.createCompilerHost(compilerOptions)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name)
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name)
  host.getSourceFile = (name, language, ...rest) => {
    const text = virtual.get(name)
    return text === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, text, language, true, ts.ScriptKind.TS)
  }
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host)
  const errors: GuideTypeError[] = []
  // Only the guides are checked (the packages have their own typecheck), which keeps this to seconds.
  for (const [modulePath, file] of fileOf) {
    const source = program.getSourceFile(modulePath)
    if (!source) continue
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
      errors.push({ file, line: line + 1, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') })
    }
  }
  return errors
}
