/**
 * Why a contact is or is not in a segment: the segment's condition tree as the caller wrote
 * it, each node annotated with whether it held for the contact and, for conditions, the
 * contact's value that decided it. Evaluated in memory on the contact's row with the same
 * evaluator the memory adapter filters with, so it agrees with `members()` on every adapter.
 */
import { NotFoundError } from '../errors.js'
import { evaluateFilterTruth, type Truth } from '../filter/evaluate.js'
import { resolveFilter } from '../filter/resolve.js'
import type { FilterTarget, ResolvedFilter } from '../filter/types.js'
import type { StorageRow } from '../storage/port.js'
import type { Segment } from './records.js'
import type { SegmentExpander } from './references.js'

/** One node of an explanation. `held` is `true`, `false`, or `null` (UNKNOWN: a value was missing). */
export type ExplainedNode =
  | { readonly kind: 'all' | 'any'; readonly held: Truth; readonly nodes: readonly ExplainedNode[] }
  | { readonly kind: 'not'; readonly held: Truth; readonly node: ExplainedNode }
  | {
      readonly kind: 'condition'
      readonly field: string
      readonly op: string
      readonly value?: unknown
      readonly held: Truth
      /** The contact's value of `field` (`null` when it has none). */
      readonly actual: unknown
    }
  | { readonly kind: 'inSegment'; readonly segmentId: string; readonly held: boolean }

/** The answer of `t.segments.explain`. */
export interface SegmentExplanation {
  readonly segmentId: string
  readonly contactId: string
  /** Whether the contact is a member now. */
  readonly member: boolean
  /** How the condition was decided; `null` for a static segment or a dynamic one without a condition. */
  readonly tree: ExplainedNode | null
}

function actualValue(target: FilterTarget, row: StorageRow): unknown {
  if (target.source === 'column') return row[target.column] ?? null
  if (target.source === 'link') return row[target.field] ?? []
  const custom = row.custom
  if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) return null
  return Object.hasOwn(custom, target.key) ? ((custom as Record<string, unknown>)[target.key] ?? null) : null
}

function combine(kind: 'all' | 'any', values: readonly Truth[]): Truth {
  const decisive = kind === 'any'
  if (values.includes(decisive)) return decisive
  return values.includes(null) ? null : !decisive
}

async function explainNode(node: unknown, row: StorageRow, expander: SegmentExpander): Promise<ExplainedNode> {
  const record = node as Record<string, unknown>
  if (typeof record.inSegment === 'string') {
    const filter = await expander.expand(record.inSegment, [])
    return {
      kind: 'inSegment',
      segmentId: record.inSegment,
      held: filter ? evaluateFilterTruth(filter, row) === true : false,
    }
  }
  for (const kind of ['all', 'any'] as const) {
    if (Array.isArray(record[kind])) {
      const nodes: ExplainedNode[] = []
      for (const child of record[kind] as unknown[]) nodes.push(await explainNode(child, row, expander))
      return {
        kind,
        held: combine(
          kind,
          nodes.map((n) => n.held),
        ),
        nodes,
      }
    }
  }
  if (record.not !== undefined) {
    const inner = await explainNode(record.not, row, expander)
    return { kind: 'not', held: inner.held === null ? null : !inner.held, node: inner }
  }
  const resolved = resolveFilter(node, { table: 'contacts', customFields: await expander.fields(), now: expander.now })
  const target = (resolved as Extract<ResolvedFilter, { kind: 'condition' }>).target
  return {
    kind: 'condition',
    field: String(record.field),
    op: String(record.op),
    ...(record.value === undefined ? {} : { value: record.value }),
    held: evaluateFilterTruth(resolved, row),
    actual: target ? actualValue(target, row) : null,
  }
}

/** Explain `contactId`'s membership of `segment` (its condition already validated on save). */
export async function explainMembership(
  segment: Segment,
  contactId: string,
  expander: SegmentExpander,
): Promise<SegmentExplanation> {
  const idIs: ResolvedFilter = {
    kind: 'condition',
    target: { source: 'column', column: 'id', type: 'string' },
    op: 'eq',
    value: contactId,
  }
  const [row] = await expander.session.query('contacts', expander.scope.tenantId, { where: idIs, limit: 1 })
  if (!row) throw new NotFoundError('contact', contactId)
  const filter = await expander.expand(segment.id, [])
  const member = filter ? evaluateFilterTruth(filter, row) === true : false
  const tree =
    segment.kind === 'dynamic' && segment.where !== null ? await explainNode(segment.where, row, expander) : null
  return { segmentId: segment.id, contactId, member, tree }
}
