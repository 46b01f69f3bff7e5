import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as errors from './errors.js'
import { ConflictError, CrmError } from './errors.js'
import * as index from './index.js'

const srcDir = fileURLToPath(new URL('.', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name.startsWith('__') ? [] : sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('error classes', () => {
  it('every Error subclass in errors.ts is exported from the package index', () => {
    const classes = Object.entries(errors).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    )
    expect(classes.length).toBeGreaterThanOrEqual(7)
    for (const [name, value] of classes) expect((index as Record<string, unknown>)[name], name).toBe(value)
  })

  it('no other source file declares an error class that users could catch without importing it', () => {
    const declared = sourceFiles(srcDir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/class\s+(\w+)\s+extends\s+(\w*Error)\b/g)].map(
        (match) => `${relative(srcDir, file)}: ${match[1]}`,
      ),
    )
    const unexported = declared.filter((entry) => !(entry.split(': ')[1]! in index))
    expect(unexported).toEqual([])
  })

  it('ConflictError builds its message from its fields', () => {
    const error = new ConflictError({ kind: 'unique', entity: 'contact', key: 'email', value: 'a@x.io', id: 'c1' })
    expect(error).toBeInstanceOf(CrmError)
    expect(error).toMatchObject({ code: 'CONFLICT', name: 'ConflictError', kind: 'unique', id: 'c1' })
    expect(error.message).toBe('contact email "a@x.io" is already taken')
    const stale = new ConflictError({
      kind: 'version',
      entity: 'deal',
      id: 'd1',
      expectedVersion: 3,
      currentVersion: null,
    })
    expect(stale.message).toBe('deal d1 was changed concurrently: expected version 3, it no longer exists')
    expect(stale.key).toBeUndefined()
  })
})
