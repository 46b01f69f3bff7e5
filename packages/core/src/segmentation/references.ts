/**
 * Segment references (`{ inSegment: id }`): each one becomes the referenced segment's
 * two-valued filter before the tree is resolved, so every adapter evaluates it with the
 * nodes it already knows. A dynamic segment contributes its condition (evaluated now, its own
 * references expanded); a static one the ids of its current members.
 */

import { loadCustomFields } from '../custom-fields/service.js'
import { ValidationError, type ValidationIssue } from '../errors.js'
import type { CustomFieldShape } from '../filter/fields.js'
import { type FilterContext, resolveFilter } from '../filter/resolve.js'
import type { ResolvedFilter } from '../filter/types.js'
import { isExtended, segmentIdsIn } from '../shared/list.js'
import type { Scope } from '../shared/scope.js'
import type { StorageRow, StorageSession } from '../storage/port.js'
import { toSegment } from './records.js'
import { isTrue } from './two-valued.js'

/** Ids per `in` condition: the resolver's list limit, which keeps every statement within parameter limits. */
const CHUNK = 1000

/** Matches nothing (`any: []` is FALSE). */
const NOTHING: ResolvedFilter = { kind: 'any', nodes: [] }

/** `id in ids`, in chunks. */
export function idsFilter(ids: readonly string[]): ResolvedFilter {
  const nodes: ResolvedFilter[] = []
  for (let i = 0; i < ids.length; i += CHUNK) {
    const value = ids.slice(i, i + CHUNK)
    nodes.push({ kind: 'condition', target: { source: 'column', column: 'id', type: 'string' }, op: 'in', value })
  }
  return nodes.length === 1 && nodes[0] ? nodes[0] : { kind: 'any', nodes }
}

/** The path of the first `{ inSegment: id }` node in a tree, for error messages. */
export function pathOfReference(
  node: unknown,
  id: string,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof node !== 'object' || node === null || path.length > 80) return undefined
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const found = pathOfReference(node[i], id, [...path, i])
      if (found) return found
    }
    return undefined
  }
  const record = node as Record<string, unknown>
  if (record.inSegment === id) return [...path, 'inSegment']
  for (const key of ['all', 'any', 'not', 'where']) {
    const found = pathOfReference(record[key], id, [...path, key])
    if (found) return found
  }
  return undefined
}

/** Expands segment references for one tenant, reading through one session. */
export class SegmentExpander {
  private readonly done = new Map<string, ResolvedFilter | null>()
  private customFields: Promise<CustomFieldShape[]> | undefined
  constructor(
    readonly scope: Scope,
    readonly session: StorageSession,
    readonly now: Date = scope.clock(),
  ) {}

  private readonly rows = new Map<string, StorageRow>()

  /** Segment rows the caller already read (saves a lookup per segment in `expand`). */
  prime(rows: readonly StorageRow[]): this {
    for (const row of rows) this.rows.set(String(row.id), row)
    return this
  }

  /** The contact custom fields, loaded once. */
  fields(): Promise<CustomFieldShape[]> {
    this.customFields ??= loadCustomFields(this.session, this.scope.tenantId, 'contact').then((defs) =>
      defs.map((d) => ({ key: d.key, type: d.type })),
    )
    return this.customFields
  }

  /** The filters of `ids` (unknown ids left out), for `FilterContext.segments`. */
  async filters(ids: Iterable<string>, chain: readonly string[] = []): Promise<Map<string, ResolvedFilter>> {
    const out = new Map<string, ResolvedFilter>()
    for (const id of ids) {
      const filter = await this.expand(id, chain)
      if (filter) out.set(id, filter)
    }
    return out
  }

  /**
   * Resolve a condition tree (the caller's, or a segment's) against the contacts, its
   * references expanded. `chain` lists the segments being expanded, to catch cycles.
   */
  async resolve(
    where: unknown,
    chain: readonly string[],
    onInvalid: (error: ValidationError) => Error = (e) => e,
    references?: Map<ResolvedFilter, string>,
  ): Promise<ResolvedFilter> {
    if (where === undefined || where === null) return { kind: 'all', nodes: [] }
    let segments = await this.filters(segmentIdsIn(where), chain)
    if (references) {
      // Explain wants each reference as one node: wrap every referenced filter in an object of
      // its own (the resolver places it as is) and remember which segment it stands for.
      segments = new Map(
        [...segments].map(([id, filter]) => {
          const node: ResolvedFilter = { kind: 'all', nodes: [filter] }
          references.set(node, id)
          return [id, node]
        }),
      )
    }
    const text = JSON.stringify(where)
    let ctx: FilterContext
    if (isExtended(text)) {
      // Related conditions and prefixed fields: the language's extension, with every entity's custom fields.
      const { extendContext } = await import('../filter/related-resolve.js')
      ctx = await extendContext(
        { storage: this.session, tenantId: this.scope.tenantId },
        { table: 'contacts', customFields: [], now: this.now, segments },
      )
      ctx = { ...ctx, customFields: ctx.customFieldsOf?.('contacts') ?? [] }
    } else {
      // Only `custom.<key>` conditions need the definitions: skip the lookup for the others.
      const customFields = text.includes('"custom.') ? await this.fields() : []
      ctx = { table: 'contacts', customFields, now: this.now, segments }
    }
    try {
      return resolveFilter(where, ctx)
    } catch (error) {
      throw error instanceof ValidationError ? onInvalid(error) : error
    }
  }

  /** The two-valued filter of one segment, or `null` when there is no live segment `id`. */
  async expand(id: string, chain: readonly string[]): Promise<ResolvedFilter | null> {
    if (chain.includes(id)) throw await this.cycle([...chain, id])
    const known = this.done.get(id)
    if (known !== undefined) return known
    const row = this.rows.get(id) ?? (await this.session.get('segments', this.scope.tenantId, id))
    const filter = row ? await this.filterOf(row, [...chain, id]) : null
    this.done.set(id, filter)
    return filter
  }

  private async filterOf(row: StorageRow, chain: readonly string[]): Promise<ResolvedFilter> {
    const segment = toSegment(row)
    if (segment.kind === 'static') {
      const members = await this.session.findBy('segmentMembers', this.scope.tenantId, { segmentId: segment.id })
      return members.length === 0 ? NOTHING : idsFilter(members.map((m) => String(m.contactId)))
    }
    // A stored condition that no longer resolves (a custom field it used was deleted) says which segment it is.
    const stale = (error: ValidationError) =>
      new ValidationError(
        `segment '${segment.name}' (${segment.id}) no longer resolves: ${error.message}`,
        error.issues.map((i) => ({ ...i, path: ['segment', segment.id, ...i.path] })),
      )
    return isTrue(await this.resolve(segment.where, chain, stale))
  }

  private async cycle(ids: readonly string[]): Promise<ValidationError> {
    const names: string[] = []
    for (const id of ids) {
      const row = await this.session.get('segments', this.scope.tenantId, id)
      names.push(row ? `'${String(row.name)}' (${id})` : id)
    }
    const issue: ValidationIssue = {
      path: ['inSegment'],
      message: `segment references form a cycle: ${names.join(' -> ')}`,
      code: 'custom',
    }
    return new ValidationError(`Invalid filter: ${issue.message}`, [issue])
  }
}

/** `SegmentHooks.filters`: the filters of the segments a caller's tree refers to. */
export function segmentFilters(
  scope: Scope,
  ids: readonly string[],
  session: StorageSession = scope.storage,
): Promise<ReadonlyMap<string, ResolvedFilter>> {
  return new SegmentExpander(scope, session).filters(ids)
}
