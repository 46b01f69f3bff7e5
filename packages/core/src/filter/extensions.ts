/**
 * Pluggable node kinds of the filter language: the core resolver calls one
 * {@link ExtensionHook} on every object node; {@link extensionHook} builds it from a list of
 * {@link FilterExtension}s. Related conditions (`related-resolve.ts`) are one; a segment
 * reference (`{ inSegment: id }`) plugs in the same way: an extension with `keys:
 * ['inSegment']` that returns its resolved node. Loaded on first use (not in the initial bundle).
 */
import {
  type ExtensionHook,
  type FilterContext,
  issue,
  type Path,
  type ResolverState,
  resolveCondition,
  resolveNode,
} from './resolve.js'
import type { ResolvedFilter } from './types.js'

/**
 * What an extension sees of the resolver: the context, nested resolution (against another
 * table, e.g. a related record's filter) and issue reporting. Issues and the node and value
 * limits are shared with the whole tree.
 */
export interface NestedResolver {
  readonly ctx: FilterContext
  /** Resolve a nested tree against `ctx` (default: the current one). */
  resolve(node: unknown, path: Path, depth: number, ctx?: FilterContext): ResolvedFilter | undefined
  /** Resolve one `{ field, op, value }` condition against `ctx`. */
  condition(node: Record<string, unknown>, path: Path, ctx: FilterContext): ResolvedFilter | undefined
  /** Report a problem at `path`; returns undefined for `return issue(...)`. */
  issue(path: Path, message: string): undefined
  /** Count values toward `filterLimits.maxValues`. */
  addValues(n: number): void
}

/**
 * A node kind: a node with one of `keys` (e.g. `related`) is resolved by `resolve`; a
 * `{ field, op, value }` condition may be claimed by `field` (e.g. `company.industry`).
 */
export interface FilterExtension {
  readonly keys: readonly string[]
  resolve(
    node: Record<string, unknown>,
    path: Path,
    depth: number,
    resolver: NestedResolver,
  ): ResolvedFilter | undefined
  /** Resolve a condition on `field`, or return `'unhandled'` to leave it to the table lookup. */
  field?(
    node: Record<string, unknown>,
    field: string,
    path: Path,
    depth: number,
    resolver: NestedResolver,
  ): ResolvedFilter | 'unhandled' | undefined
}

function nested(state: ResolverState): NestedResolver {
  return {
    ctx: state.ctx,
    resolve: (node, path, depth, ctx) => resolveNode(node, path, depth, ctx ? { ...state, ctx } : state),
    condition: (node, path, ctx) => resolveCondition(node, path, { ...state, ctx }),
    issue: (path, message) => issue(state, path, message),
    addValues: (n) => {
      state.counts.values += n
    },
  }
}

/** The resolver hook of a list of extensions (the first whose key or field matches resolves the node). */
export function extensionHook(extensions: readonly FilterExtension[]): ExtensionHook {
  return (node, path, depth, state) => {
    const keys = Object.keys(node)
    const extension = extensions.find((e) => e.keys.some((k) => keys.includes(k)))
    if (extension !== undefined) return extension.resolve(node, path, depth, nested(state))
    const field = Object.hasOwn(node, 'field') ? node.field : undefined
    if (typeof field !== 'string') return 'unhandled'
    for (const e of extensions) {
      const claimed = e.field?.(node, field, path, depth, nested(state))
      if (claimed !== 'unhandled' && claimed !== undefined) return claimed
      if (claimed === undefined && e.field !== undefined) return undefined
    }
    return 'unhandled'
  }
}
