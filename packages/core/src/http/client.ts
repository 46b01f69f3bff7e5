/**
 * `createRemoteCrm`: the services of one tenant over HTTP, with the same type as
 * `crm.forTenant(...)` (`TenantCrm`): the same methods, results and error classes. It talks to
 * `createCrmHandler` and is browser-safe: no Node module, no zod schema (the server validates),
 * only a generated manifest of the declared methods (`manifest.ts`).
 */
import { type Clock, systemClock } from '../clock.js'
import type { TenantCrm } from '../crm.js'
import { UnsupportedError, ValidationError } from '../errors.js'
import type { EventsService } from '../events/api.js'
import { createRemoteEvents, type RemoteEventSubscriptions } from './client-events.js'
import { createTransport, type Transport, type TransportOptions } from './client-transport.js'
import { type MethodEntry, manifest } from './manifest.js'
import { CONTEXT_PATH, IDEMPOTENCY_HEADER } from './routes.js'
import { textChunks } from './sse-client.js'
import { errorFromResponse } from './wire.js'

/** Options of {@link createRemoteCrm}. */
export interface RemoteCrmOptions extends TransportOptions {
  /** Where `createCrmHandler` is mounted, e.g. `https://app.example.com/api/crm` or `/api/crm`. */
  readonly baseUrl: string
  /** Cancels every call of this client (see also {@link RemoteCrm.withSignal}). */
  readonly signal?: AbortSignal
  /** What `t.clock` returns. Default: the system clock. */
  readonly clock?: Clock
  /**
   * Send a fresh `Idempotency-Key` with every mutation that is not idempotent by itself, so a
   * retried call (after a 401 or by your own code with the same key) cannot write twice.
   * Costs one key row per call on the server. Default false.
   */
  readonly idempotencyKeys?: boolean
  /** Delay before the live-event stream reconnects after a drop, in ms. Default 1000. */
  readonly reconnectDelayMs?: number
}

/** `t.events` of the remote client: the outbox reader plus live subscriptions over SSE. */
export interface RemoteEvents extends EventsService, RemoteEventSubscriptions {}

/** A tenant's services over HTTP; assignable to `TenantCrm`. */
export interface RemoteCrm extends Omit<TenantCrm, 'events'> {
  readonly events: RemoteEvents
  /**
   * The tenant and actor the server resolves for this client's credentials. `tenantId` and
   * `actor` are empty strings until this resolved once.
   */
  ready(): Promise<{ readonly tenantId: string; readonly actor: string }>
  /** The same client whose calls are cancelled by `signal` (and by the client's own signal). */
  withSignal(signal: AbortSignal): RemoteCrm
  /** Close the live-event stream. */
  close(): void
}

/** The first function found inside a value, as a path (`options.onProgress`), or undefined. */
function functionPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'function') return path
  if (typeof value !== 'object' || value === null || depth > 8 || value instanceof Date) return undefined
  for (const [key, inner] of Object.entries(value)) {
    const found = functionPath(inner, `${path}.${key}`, depth + 1)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * JSON for an argument. An invalid `Date` becomes the text `"Invalid Date"` (JSON would make it
 * `null`, which an optional field accepts) so the server refuses it as a local call does.
 */
const replacer = function (this: Record<string, unknown>, key: string, value: unknown) {
  const original = this[key]
  return original instanceof Date && Number.isNaN(original.getTime()) ? 'Invalid Date' : value
}

/** The JSON body of a call: its arguments by name; left-out arguments are left out. */
function bodyOf(service: string, method: string, names: readonly string[], args: readonly unknown[]): string {
  const body: Record<string, unknown> = {}
  names.forEach((name, index) => {
    const value = args[index]
    if (value === undefined) return
    const fn = functionPath(value, name)
    if (fn !== undefined) {
      throw new UnsupportedError(`${service}.${method}: ${fn} is a function, which cannot be sent over HTTP`)
    }
    body[name] = value
  })
  try {
    return JSON.stringify(body, replacer)
  } catch (error) {
    // A bigint, a cycle, or nesting deeper than the stack: not JSON, so not a valid argument.
    const message = `${service}.${method}: the arguments cannot be sent as JSON (${error instanceof Error ? error.message : String(error)})`
    throw new ValidationError(message, [{ path: [], message, code: 'invalid_type' }])
  }
}

/**
 * Arguments with iterables (e.g. `importMany`'s rows as a generator or an async iterable) read
 * into arrays: JSON carries arrays, and the server reads the array as it would the iterable.
 */
async function materialized(args: readonly unknown[]): Promise<readonly unknown[]> {
  const out: unknown[] = []
  for (const value of args) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) out.push(value)
    else if (Symbol.asyncIterator in value) {
      const items: unknown[] = []
      for await (const item of value as AsyncIterable<unknown>) items.push(item)
      out.push(items)
    } else if (Symbol.iterator in value) out.push(Array.from(value as Iterable<unknown>))
    else out.push(value)
  }
  return out
}

const anySignal = (a: AbortSignal | undefined, b: AbortSignal | undefined) =>
  a && b ? AbortSignal.any([a, b]) : (a ?? b)

/**
 * Create a remote client.
 *
 * @example
 * ```ts
 * const t = createRemoteCrm({ baseUrl: '/api/crm', getToken: () => auth.accessToken() })
 * const ada = await t.contacts.create({ email: 'ada@example.com' })
 * t.events.on('deal.won', (e) => toast(`Won ${e.payload.name}`))
 * ```
 */
export function createRemoteCrm(options: RemoteCrmOptions): RemoteCrm {
  const transport = createTransport(options)
  const live = createRemoteEvents(transport, options.reconnectDelayMs ?? 1000)
  const who = { tenantId: '', actor: '' }
  return build(options, transport, live, who, options.signal)
}

function build(
  options: RemoteCrmOptions,
  transport: Transport,
  live: ReturnType<typeof createRemoteEvents>,
  who: { tenantId: string; actor: string },
  signal: AbortSignal | undefined,
): RemoteCrm {
  const call = async (service: string, method: string, entry: MethodEntry, args: readonly unknown[]) => {
    const [kind, ...names] = entry
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
    if (kind === 'm' && options.idempotencyKeys) headers[IDEMPOTENCY_HEADER] = globalThis.crypto.randomUUID()
    const body = bodyOf(service, method, names, await materialized(args))
    const response = await transport.send(`/${service}/${method}`, {
      method: 'POST',
      body,
      headers,
      ...(signal ? { signal } : {}),
    })
    if (!response.ok) return transport.fail(response)
    return response
  }

  const streamOf = (service: string, method: string, entry: MethodEntry, args: readonly unknown[]) => ({
    async *[Symbol.asyncIterator]() {
      const response = await call(service, method, entry, args)
      let buffer = ''
      for await (const text of textChunks(response.body as ReadableStream<Uint8Array>)) {
        buffer += text
        let newline = buffer.indexOf('\n')
        while (newline >= 0) {
          const line = JSON.parse(buffer.slice(0, newline)) as { item?: unknown; error?: unknown }
          buffer = buffer.slice(newline + 1)
          if ('error' in line) throw errorFromResponse(response.status, line)
          yield line.item
          newline = buffer.indexOf('\n')
        }
      }
    },
  })

  const services: Record<string, Record<string, unknown>> = {}
  for (const [service, methods] of Object.entries(manifest)) {
    const out: Record<string, unknown> = {}
    for (const [method, entry] of Object.entries(methods)) {
      out[method] =
        entry[0] === 's'
          ? (...args: unknown[]) => streamOf(service, method, entry, args)
          : async (...args: unknown[]) => {
              const response = await call(service, method, entry, args)
              return response.json()
            }
    }
    services[service] = out
  }
  // Live subscriptions sit beside the declared `events.list`, not enumerable, so the enumerable
  // surface of the client is exactly the declared one (as a local tenant's).
  Object.defineProperties(services.events ?? {}, {
    on: { value: live.on },
    onAny: { value: live.onAny },
    onError: { value: live.onError },
    connected: { value: live.connected },
  })

  const client = {
    ...services,
    get tenantId() {
      return who.tenantId
    },
    get actor() {
      return who.actor
    },
    clock: options.clock ?? systemClock,
    async ready() {
      const response = await transport.send(CONTEXT_PATH, {
        method: 'GET',
        headers: { accept: 'application/json' },
        ...(signal ? { signal } : {}),
      })
      if (!response.ok) return transport.fail(response)
      const context = (await response.json()) as { tenantId: string; actor: string }
      who.tenantId = context.tenantId
      who.actor = context.actor
      return { ...context }
    },
    withSignal(extra: AbortSignal) {
      return build(options, transport, live, who, anySignal(signal, extra))
    },
    close: live.close,
  }
  // The services are built from the manifest, which a test holds equal to the declaration that TenantCrm derives from.
  return client as unknown as RemoteCrm
}
