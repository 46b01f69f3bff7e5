// Test-only helpers: read the committed fixtures (CSV data and R's JSON reference values).
import { readFileSync } from 'node:fs'

const dir = new URL('./', import.meta.url)

/** Parses a CSV file with a header row; quoted fields may contain commas and doubled quotes. */
export function readCsv(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(name, dir), 'utf8')
  const rows: string[][] = []
  let field = ''
  let row: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      field = ''
      if (row.length > 1 || row[0] !== '') rows.push(row)
      row = []
    } else field += c
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  const [header, ...body] = rows
  return body.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j] ?? ''])))
}

/** Reads a JSON fixture written by reference.R. */
export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T
}

/** Relative difference |a - b| / max(|b|, tiny). */
export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300)
}
