/**
 * Idempotency keys of the HTTP handler, stored durably through the storage port (table
 * `idempotencyKeys`, SQL migration `0009_idempotency_keys`), per tenant.
 *
 * The first request with a key inserts a pending row; the table's unique key on
 * `(tenant, idempotencyKey)` makes a concurrent duplicate's insert fail, so two requests with
 * one key never both run the mutation. When the mutation finished, its response is stored
 * with a compare-and-set on the row; a later request with the key gets that response back
 * and writes nothing. A request whose body differs from the first one's is refused.
 *
 * Responses that say the server failed (5xx) are not kept as final: a retry with the same key
 * runs again. A pending row older than `staleAfterMs` (the first request's process died) is
 * taken over the same way.
 */
import { toTimestamp } from '../clock.js'
import { ConflictError } from '../errors.js'
import { uuidv7 } from '../ids.js'
import type { JsonValue, StorageAdapter, StorageRow } from '../storage/port.js'

/** What {@link claimKey} found. */
export type Claim =
  | { readonly kind: 'run'; readonly id: string; readonly version: number }
  | { readonly kind: 'replay'; readonly status: number; readonly body: JsonValue }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'busy' }

const TABLE = 'idempotencyKeys'

/** A hex SHA-256 of the route and body: a replay must repeat the first request exactly. */
export async function fingerprintOf(route: string, body: Uint8Array): Promise<string> {
  const bytes = new Uint8Array(route.length * 3 + 1 + body.byteLength)
  const head = new TextEncoder().encodeInto(`${route}\n`, bytes)
  bytes.set(body, head.written)
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes.subarray(0, head.written + body.byteLength))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Options of {@link claimKey}. */
export interface ClaimOptions {
  readonly now: Date
  /** A pending claim older than this is taken over (its request is presumed dead). */
  readonly staleAfterMs: number
}

/** Claim `key` for a request with `fingerprint`, or find what an earlier request with it did. */
export async function claimKey(
  storage: StorageAdapter,
  tenantId: string,
  key: string,
  fingerprint: string,
  options: ClaimOptions,
): Promise<Claim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [row] = await storage.findBy(TABLE, tenantId, { idempotencyKey: key }, { limit: 1 })
    if (row === undefined) {
      const now = toTimestamp(options.now)
      const id = uuidv7()
      try {
        await storage.insert(TABLE, tenantId, [
          {
            id,
            tenantId,
            createdAt: now,
            updatedAt: now,
            version: 1,
            idempotencyKey: key,
            fingerprint,
            status: null,
            response: null,
          },
        ])
        return { kind: 'run', id, version: 1 }
      } catch (error) {
        // Another request inserted the key first: look again at what it holds.
        if (error instanceof ConflictError) continue
        throw error
      }
    }
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' }
    const status = row.status
    if (typeof status === 'number' && status < 500) {
      const response = row.response as { readonly body?: JsonValue } | null
      return { kind: 'replay', status, body: response?.body ?? null }
    }
    const stale = Date.parse(String(row.updatedAt)) + options.staleAfterMs <= options.now.getTime()
    if (status === null && !stale) return { kind: 'busy' }
    // A failed (5xx) or abandoned first request: take the key over with a compare-and-set,
    // so of two retries racing for it only one runs.
    const taken = await takeOver(storage, tenantId, row, options.now)
    if (taken) return taken
  }
  return { kind: 'busy' }
}

async function takeOver(
  storage: StorageAdapter,
  tenantId: string,
  row: StorageRow,
  now: Date,
): Promise<Claim | undefined> {
  const id = String(row.id)
  const version = Number(row.version)
  const updated = await storage.update(TABLE, tenantId, id, version, {
    status: null,
    response: null,
    updatedAt: toTimestamp(now),
  })
  return updated ? { kind: 'run', id, version: version + 1 } : undefined
}

/** Store the response of the request that claimed the key. */
export async function completeKey(
  storage: StorageAdapter,
  tenantId: string,
  claim: { readonly id: string; readonly version: number },
  status: number,
  body: JsonValue,
  now: Date,
): Promise<void> {
  await storage.update(TABLE, tenantId, claim.id, claim.version, {
    status,
    response: { body },
    updatedAt: toTimestamp(now),
  })
}
