/**
 * The contact list's filter box, read into crmkit's filter language: `field:value` (equals),
 * `field~value` (contains), `field!=value`, `field>value`, `field>=value`, `field<value`,
 * `field<=value`, with `custom.<key>` for custom fields; double quotes keep spaces inside a value
 * (`city:"New York"`). Every other word is free-text `search` (every word must occur in a name or
 * the email). Field names and values are checked by crmkit itself: a bad field comes back as a
 * ValidationError, which the list shows at the input.
 */
import type { FilterNode } from '@crmkit/core'

/** A parsed filter box. */
export interface ParsedFilter {
  /** Conditions (all must hold), or undefined when none. */
  readonly where: FilterNode<'contact'> | undefined
  /** Free text, or undefined when none. */
  readonly search: string | undefined
}

const condition = /^([A-Za-z][\w.]*)(:|~|!=|>=|<=|>|<)(.*)$/
const ops = { ':': 'eq', '~': 'contains', '!=': 'neq', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const

/** Split on whitespace, keeping double-quoted runs together (quotes removed). */
export function tokens(text: string): string[] {
  const out: string[] = []
  let current = ''
  let quoted = false
  let any = false
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted
      any = true
    } else if (!quoted && /\s/.test(ch)) {
      if (any) out.push(current)
      current = ''
      any = false
    } else {
      current += ch
      any = true
    }
  }
  if (any) out.push(current)
  return out
}

/** Parse the filter box. */
export function parseFilterText(text: string): ParsedFilter {
  const conditions: FilterNode<'contact'>[] = []
  const words: string[] = []
  for (const token of tokens(text)) {
    const match = condition.exec(token)
    if (!match || match[3] === '') {
      words.push(token)
      continue
    }
    const field = match[1] as `custom.${string}`
    const op = ops[match[2] as keyof typeof ops]
    const raw = match[3] ?? ''
    // Order comparisons take numbers when the text is one; crmkit validates the value against the field.
    const value = op !== 'eq' && op !== 'neq' && op !== 'contains' && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
    conditions.push({ field, op, value })
  }
  const where = conditions.length === 0 ? undefined : conditions.length === 1 ? conditions[0] : { all: conditions }
  const search = words.length > 0 ? words.join(' ') : undefined
  return { where, search }
}

/** `a` and `b` combined with AND (either may be absent). */
export function andFilters(
  a: FilterNode<'contact'> | undefined,
  b: FilterNode<'contact'> | undefined,
): FilterNode<'contact'> | undefined {
  if (!a) return b
  if (!b) return a
  return { all: [a, b] }
}
