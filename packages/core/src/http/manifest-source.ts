/**
 * The remote client's manifest, derived from the service declaration: per service and method,
 * its kind, idempotency and argument names. The client ships `manifest.ts` (generated from this,
 * a few hundred bytes) instead of `tenantApi` itself, whose zod schemas a browser does not need:
 * the server validates. `manifest.test.ts` fails when the two differ and rewrites the file with
 * `CRMKIT_UPDATE_HTTP_MANIFEST=1`.
 */
import type { MethodDecl } from '../shared/api.js'
import { tenantApi } from '../tenant-api.js'
import type { ClientManifest, MethodEntry } from './manifest.js'

/** The manifest of the current declaration. */
export function manifestOf(): ClientManifest {
  const out: Record<string, Record<string, MethodEntry>> = {}
  for (const [service, methods] of Object.entries(tenantApi)) {
    const entries: Record<string, MethodEntry> = {}
    for (const [method, decl] of Object.entries(methods as Record<string, MethodDecl>)) {
      const kind = decl.kind === 'query' ? 'q' : decl.kind === 'stream' ? 's' : decl.idempotent === true ? 'i' : 'm'
      entries[method] = [kind, ...decl.args.map((a) => a.name)]
    }
    out[service] = entries
  }
  return out
}

/** The source text of `manifest.ts` for the current declaration. */
export function manifestSource(): string {
  return `/**
 * GENERATED from the service declaration by \`manifest-source.ts\` (\`manifest.test.ts\` checks it;
 * \`CRMKIT_UPDATE_HTTP_MANIFEST=1\` rewrites it). Per method: its kind (\`q\` query, \`s\` stream,
 * \`i\` idempotent mutation, \`m\` other mutation), then its argument names in order.
 */

/** One method: kind, then argument names. */
export type MethodEntry = readonly [kind: 'q' | 's' | 'i' | 'm', ...args: string[]]

/** Methods by service. */
export type ClientManifest = { readonly [service: string]: { readonly [method: string]: MethodEntry } }

/** The declared methods, by service. */
export const manifest: ClientManifest = ${JSON.stringify(manifestOf())}
`
}
