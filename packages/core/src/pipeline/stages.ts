/**
 * Pure rules of stages and stage moves.
 */
import type { ValidationIssue } from '../errors.js'
import type { DealStatus } from './records.js'
import type { StageKind } from './schemas.js'

/** What a deal's closing columns become when it enters a stage of kind `to`. */
export interface StageEntry {
  readonly status: DealStatus
  readonly closedAt: string | null
  readonly lostReason: string | null
}

/**
 * Status, `closedAt` and `lostReason` of a deal entering a stage of kind `to`:
 * open stages clear both; entering won/lost from another status closes the deal `now`;
 * moving between stages of the same closed kind keeps the original close time.
 * `lostReason` survives only in lost stages (a new reason replaces the old one).
 */
export function enterStage(
  current: { readonly status: DealStatus; readonly closedAt: string | null; readonly lostReason: string | null },
  to: StageKind,
  now: string,
  lostReason?: string,
): StageEntry {
  if (to === 'open') return { status: 'open', closedAt: null, lostReason: null }
  const closedAt = current.status === to && current.closedAt !== null ? current.closedAt : now
  return { status: to, closedAt, lostReason: to === 'lost' ? (lostReason ?? current.lostReason) : null }
}

/** The status of a new deal created in a stage of kind `kind`, and its close time. */
export function initialStatus(
  kind: StageKind,
  now: string,
): { readonly status: DealStatus; readonly closedAt: string | null } {
  return { status: kind, closedAt: kind === 'open' ? null : now }
}

/** Where a stage lands when inserted at `position` among `count` stages (past the end: last). */
export function insertPosition(count: number, position: number | undefined): number {
  return position === undefined || position > count ? count : position
}

/**
 * Why `requested` is not an order of exactly the stages `current` (every id once, no other
 * id): issues at the offending index, or at the list itself for missing stages.
 */
export function stageOrderProblems(current: readonly string[], requested: readonly string[]): ValidationIssue[] {
  const known = new Set(current)
  const seen = new Set<string>()
  const problems: ValidationIssue[] = []
  const problem = (path: number[], message: string) => problems.push({ path, message, code: 'custom' })
  for (const [index, id] of requested.entries()) {
    if (!known.has(id)) problem([index], `${id} is not a stage of this pipeline`)
    else if (seen.has(id)) problem([index], `${id} is listed twice`)
    seen.add(id)
  }
  const missing = current.filter((id) => !seen.has(id))
  if (missing.length > 0) problem([], `Every stage must be listed; missing ${missing.join(', ')}`)
  return problems
}
