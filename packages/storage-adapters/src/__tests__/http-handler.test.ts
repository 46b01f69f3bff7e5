/**
 * The HTTP layer itself, over the memory adapter: routing, status codes and error bodies,
 * the security checks (bad input of every kind is a typed 4xx, never a 5xx or a hang),
 * idempotency keys, CORS, the live event stream, token refresh and aborts.
 */
import { ConflictError, createCrm, NotFoundError, ValidationError } from '@crmkit/core'
import { createRemoteCrm, UnauthorizedError } from '@crmkit/core/client'
import { createCrmHandler } from '@crmkit/core/http'
import { Validator } from '@seriousme/openapi-schema-validator'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryStorage } from '../memory.js'
import { inProcessFetch, remoteTenant, TEST_ACTOR_HEADER, TEST_TENANT_HEADER, testHandler } from '../testing/remote.js'

const crm = createCrm({ storage: memoryStorage() })
const handler = testHandler(crm, { maxBodyBytes: 64 * 1024, maxListLimit: 200 })
let counter = 0
const tenant = () => `http-${++counter}`

beforeAll(() => crm.migrate())
afterAll(() => crm.close())

const post = (
  path: string,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
  tenantId = 'acme',
) =>
  handler(
    new Request(`http://crmkit.test${path}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        [TEST_TENANT_HEADER]: tenantId,
        [TEST_ACTOR_HEADER]: 'tester',
        ...headers,
      },
    }),
  )

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; issues?: unknown[] } }
  return { status: response.status, ...body.error }
}

describe('http handler: routes and errors', () => {
  it('serves every declared method; an unknown path is 404, a GET on a method 405', async () => {
    const created = await post('/contacts/create', JSON.stringify({ input: { email: 'a@x.io' } }))
    expect(created.status).toBe(200)
    expect(created.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await errorOf(await post('/contacts/nope', '{}'))).toMatchObject({ status: 404, code: 'NOT_FOUND' })
    const get = await handler(
      new Request('http://crmkit.test/contacts/list', { headers: { [TEST_TENANT_HEADER]: 'a' } }),
    )
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('resolveContext is the only source of the tenant: null is 401, a tenant id in the body is ignored', async () => {
    const anonymous = await handler(
      new Request('http://crmkit.test/contacts/list', {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      }),
    )
    expect(await errorOf(anonymous)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    const mine = tenant()
    const other = tenant()
    const response = await post(
      '/contacts/create',
      JSON.stringify({ input: { email: 'b@x.io' }, tenantId: other }),
      {},
      mine,
    )
    expect(((await response.json()) as { tenantId: string }).tenantId).toBe(mine)
    expect(await crm.forTenant(other, { actor: 'x' }).contacts.count()).toBe(0)
  })

  it('typed errors keep their class and fields through the remote client', async () => {
    const t = remoteTenant(handler, tenant(), 'tester')
    const c = await t.contacts.create({ email: 'c@x.io' })
    const notFound = await t.contacts.update('00000000-0000-7000-8000-000000000000', { firstName: 'x' }).catch((e) => e)
    expect(notFound).toBeInstanceOf(NotFoundError)
    expect(notFound).toMatchObject({ entity: 'contact', id: '00000000-0000-7000-8000-000000000000' })
    const stale = await t.contacts.update(c.id, { firstName: 'x' }, { expectedVersion: 7 }).catch((e) => e)
    expect(stale).toBeInstanceOf(ConflictError)
    expect(stale).toMatchObject({ kind: 'version', entity: 'contact', id: c.id, expectedVersion: 7, currentVersion: 1 })
    const taken = await t.contacts.create({ email: 'c@x.io' }).catch((e) => e)
    expect(taken).toMatchObject({ kind: 'unique', key: 'email', value: 'c@x.io', id: c.id })
    const invalid = await t.contacts.create({ email: 'nope' }).catch((e) => e)
    expect(invalid).toBeInstanceOf(ValidationError)
    expect(invalid.issues.map((i: { path: unknown[] }) => i.path)).toEqual([['email']])
  })
})

describe('http handler: bad input is a typed 4xx, never a 5xx or a hang', () => {
  const cases: Array<[string, () => Promise<Response>, number, string]> = [
    ['oversized body (declared length)', () => post('/contacts/create', 'x'.repeat(70_000)), 413, 'PAYLOAD_TOO_LARGE'],
    [
      'oversized body (streamed, no length)',
      () =>
        handler(
          new Request('http://crmkit.test/contacts/create', {
            method: 'POST',
            headers: { 'content-type': 'application/json', [TEST_TENANT_HEADER]: 'a', [TEST_ACTOR_HEADER]: 'b' },
            body: new ReadableStream({
              pull(controller) {
                controller.enqueue(new Uint8Array(8192).fill(32))
              },
            }),
            duplex: 'half',
          } as RequestInit),
        ),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'deep JSON',
      () => post('/contacts/create', `${'['.repeat(100_000)}${']'.repeat(100_000)}`.slice(0, 60_000)),
      400,
      'VALIDATION',
    ],
    [
      'deep JSON in an argument',
      () => post('/contacts/list', `{"options":{"where":${'{"not":'.repeat(200)}1${'}'.repeat(200)}}}`),
      400,
      'VALIDATION',
    ],
    ['not JSON', () => post('/contacts/create', '{"input":'), 400, 'VALIDATION'],
    ['a JSON array body', () => post('/contacts/create', '[1,2]'), 400, 'VALIDATION'],
    ['bad UTF-8', () => post('/contacts/create', new Uint8Array([123, 34, 0xff, 0xfe, 34, 125])), 400, 'VALIDATION'],
    [
      'text/plain',
      () => post('/contacts/create', '{}', { 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'form data',
      () => post('/contacts/create', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'JSON in latin1',
      () => post('/contacts/create', '{}', { 'content-type': 'application/json; charset=latin1' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['__proto__ at the top', () => post('/contacts/create', '{"__proto__":{"polluted":true}}'), 400, 'VALIDATION'],
    [
      '__proto__ in an input',
      () => post('/contacts/create', '{"input":{"email":"p@x.io","__proto__":{"tenantId":"x"}}}'),
      400,
      'VALIDATION',
    ],
    [
      'constructor key',
      () => post('/contacts/create', '{"input":{"constructor":{"prototype":{"x":1}}}}'),
      400,
      'VALIDATION',
    ],
    ['malformed cursor', () => post('/contacts/list', '{"options":{"cursor":"!!not-a-cursor"}}'), 400, 'VALIDATION'],
    [
      'forged base64 cursor',
      () => post('/contacts/list', `{"options":{"cursor":"${btoa('{"v":[1e999]}')}"}}`),
      400,
      'VALIDATION',
    ],
    ['huge limit', () => post('/contacts/list', '{"options":{"limit":1000000}}'), 400, 'VALIDATION'],
    ['limit over the HTTP cap', () => post('/contacts/list', '{"options":{"limit":201}}'), 400, 'VALIDATION'],
    [
      'NUL in a string',
      () => post('/contacts/create', '{"input":{"email":"a@x.io","firstName":"a\\u0000b"}}'),
      400,
      'VALIDATION',
    ],
    ['lone surrogate', () => post('/contacts/create', '{"input":{"firstName":"\\ud800"}}'), 400, 'VALIDATION'],
    ['unknown argument', () => post('/contacts/get', '{"id":"x","extra":1}'), 400, 'VALIDATION'],
    [
      'bad Last-Event-ID',
      () =>
        handler(
          new Request('http://crmkit.test/events/stream', {
            headers: { [TEST_TENANT_HEADER]: 'a', [TEST_ACTOR_HEADER]: 'b', 'last-event-id': 'x'.repeat(300) },
          }),
        ),
      400,
      'VALIDATION',
    ],
  ]
  for (const [name, send, status, code] of cases) {
    it(`${name}: ${status} ${code}`, async () => {
      const response = await send()
      expect(await errorOf(response)).toMatchObject({ status, code })
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })
  }

  it('property: random bodies on random routes are answered 200 or a typed 4xx with the error body', async () => {
    const routes = [
      '/contacts/create',
      '/contacts/list',
      '/contacts/get',
      '/deals/update',
      '/insights/cube',
      '/events/list',
      '/contacts/importMany',
    ]
    const json = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ input: v, options: v, id: v })),
      fc.string({ unit: 'binary', maxLength: 200 }),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), json, async (route, body) => {
        const response = await post(route, body, {}, 'fuzz')
        expect(
          response.status === 200 || (response.status >= 400 && response.status < 500),
          `${response.status} for ${route} ${body}`,
        ).toBe(true)
        const parsed = (await response.json()) as { error?: { code: string; message: string } }
        if (response.status !== 200)
          expect(parsed.error).toMatchObject({ code: expect.any(String), message: expect.any(String) })
      }),
      { numRuns: 100 },
    )
  })
})

describe('http handler: idempotency keys', () => {
  it('a replay returns the first response and writes nothing; another body with the key is refused', async () => {
    const id = tenant()
    const body = JSON.stringify({ input: { firstName: 'Ada' } })
    const first = await post('/contacts/create', body, { 'idempotency-key': 'k-1' }, id)
    const again = await post('/contacts/create', body, { 'idempotency-key': 'k-1' }, id)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())
    expect(await crm.forTenant(id, { actor: 'x' }).contacts.count()).toBe(1)
    const other = await post(
      '/contacts/create',
      JSON.stringify({ input: { firstName: 'Bob' } }),
      { 'idempotency-key': 'k-1' },
      id,
    )
    expect(await errorOf(other)).toMatchObject({ status: 400, code: 'VALIDATION' })
    // Keys are per tenant: another tenant's request with the same key runs.
    const elsewhere = tenant()
    expect((await post('/contacts/create', body, { 'idempotency-key': 'k-1' }, elsewhere)).status).toBe(200)
    expect(await crm.forTenant(elsewhere, { actor: 'x' }).contacts.count()).toBe(1)
  })

  it('an error response is replayed too, and a key is refused when malformed', async () => {
    const id = tenant()
    const body = JSON.stringify({ input: { email: 'bad' } })
    const first = await errorOf(await post('/contacts/create', body, { 'idempotency-key': 'e-1' }, id))
    const again = await post('/contacts/create', body, { 'idempotency-key': 'e-1' }, id)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(await errorOf(again)).toEqual(first)
    expect(await errorOf(await post('/contacts/create', body, { 'idempotency-key': 'ü'.repeat(3) }, id))).toMatchObject(
      { status: 400 },
    )
  })

  it('concurrent duplicates: exactly one runs; the others get its response or a 409 to retry', async () => {
    const id = tenant()
    const body = JSON.stringify({ input: { firstName: 'Race' } })
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post('/contacts/create', body, { 'idempotency-key': 'race' }, id)),
    )
    const statuses = responses.map((r) => r.status)
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true)
    expect(await crm.forTenant(id, { actor: 'x' }).contacts.count()).toBe(1)
    const ids = new Set(
      await Promise.all(
        responses.filter((r) => r.status === 200).map(async (r) => ((await r.json()) as { id: string }).id),
      ),
    )
    expect(ids.size).toBe(1)
  })
})

describe('http handler: CORS, OpenAPI, context', () => {
  const corsHandler = createCrmHandler({
    crm,
    resolveContext: () => ({ tenantId: 'cors', actor: 'a' }),
    cors: { origin: ['https://app.example.com'], credentials: true },
  })
  it('answers preflights for allowed origins only', async () => {
    const ok = await corsHandler(
      new Request('http://crmkit.test/contacts/list', {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com' },
      }),
    )
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true')
    expect(ok.headers.get('access-control-allow-headers')).toContain('idempotency-key')
    const denied = await corsHandler(
      new Request('http://crmkit.test/contacts/list', {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example' },
      }),
    )
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('serves an OpenAPI 3.1 document that a validator accepts, with one operation per declared method', async () => {
    const response = await handler(new Request('http://crmkit.test/openapi.json'))
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(document.openapi).toBe('3.1.0')
    const result = await new Validator().validate(document)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(Object.keys(document.paths)).toContain('/contacts/create')
    expect(Object.keys(document.paths)).toContain('/events/stream')
  })

  it('GET /context and ready() tell the tenant and actor', async () => {
    const t = createRemoteCrm({
      baseUrl: 'http://crmkit.test',
      fetch: inProcessFetch(handler),
      headers: { [TEST_TENANT_HEADER]: 'ctx', [TEST_ACTOR_HEADER]: 'me' },
    })
    expect(t.tenantId).toBe('')
    expect(await t.ready()).toEqual({ tenantId: 'ctx', actor: 'me' })
    expect([t.tenantId, t.actor]).toEqual(['ctx', 'me'])
  })
})

describe('remote client: tokens, aborts, live events', () => {
  const tokenHandler = createCrmHandler({
    crm,
    resolveContext: (request) =>
      request.headers.get('authorization') === 'Bearer fresh' ? { tenantId: 'tokens', actor: 'a' } : null,
  })

  it('on a 401 it gets a new token once and retries; a second 401 is an UnauthorizedError', async () => {
    const tokens = ['stale', 'fresh']
    let calls = 0
    const t = createRemoteCrm({
      baseUrl: 'http://x',
      fetch: inProcessFetch(tokenHandler),
      getToken: () => tokens[calls++],
    })
    expect(await t.contacts.count()).toBe(0)
    expect(calls).toBe(2)
    expect(await t.contacts.count()).toBe(0)
    expect(calls).toBe(2)
    const never = createRemoteCrm({ baseUrl: 'http://x', fetch: inProcessFetch(tokenHandler), getToken: () => 'stale' })
    await expect(never.contacts.count()).rejects.toBeInstanceOf(UnauthorizedError)
  })

  it('an aborted signal rejects the call with the abort reason', async () => {
    const controller = new AbortController()
    controller.abort()
    const t = remoteTenant(handler, tenant(), 'a') as ReturnType<typeof createRemoteCrm>
    await expect(t.withSignal(controller.signal).contacts.count()).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('events.on delivers committed events over SSE, and the stream resumes after Last-Event-ID', async () => {
    const id = tenant()
    const t = remoteTenant(handler, id, 'a') as ReturnType<typeof createRemoteCrm>
    const seen: string[] = []
    const got = new Promise<void>((resolve) => {
      const off = t.events.on('contact.created', (e) => {
        seen.push(e.payload.contact.email ?? '')
        if (seen.length === 2) {
          off()
          resolve()
        }
      })
    })
    await t.events.connected()
    const local = crm.forTenant(id, { actor: 'a' })
    const first = await local.contacts.create({ email: 'one@x.io' })
    await local.contacts.create({ email: 'two@x.io' })
    await got
    expect(seen).toEqual(['one@x.io', 'two@x.io'])
    // Resume: a new stream after the first event's id replays the second.
    const page = await local.events.list()
    const firstEvent = page.items.find((e) => e.type === 'contact.created' && e.payload.contact.id === first.id)
    const abort = new AbortController()
    const response = await handler(
      new Request('http://crmkit.test/events/stream', {
        headers: { [TEST_TENANT_HEADER]: id, [TEST_ACTOR_HEADER]: 'a', 'last-event-id': firstEvent?.id ?? '' },
        signal: abort.signal,
      }),
    )
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    while (!text.includes('two@x.io')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).not.toContain('one@x.io')
    expect(text).toMatch(/^retry: 2000\n\nid: [0-9a-f-]{36}\nevent: contact\.created\ndata: \{/)
    abort.abort()
    await reader.cancel()
  })
})
