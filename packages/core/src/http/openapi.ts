/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the service declaration: one
 * `POST` operation per declared method, its request body built from the very zod/mini
 * schemas the method validates with (`z.toJSONSchema`, input side), so the document cannot
 * disagree with what the server accepts. Results are TypeScript types without a runtime
 * schema: they are documented as JSON of the named type.
 */
import * as z from 'zod/mini'
import type { ArgDecl } from '../shared/api.js'
import { allRoutes, CONTEXT_PATH, EVENTS_STREAM_PATH, IDEMPOTENCY_HEADER } from './routes.js'
import { statusOfCode } from './wire.js'

type Json = { readonly [key: string]: unknown }

/** JSON Schema of an argument (what a caller may send). Unrepresentable parts (functions, Dates) accept anything. */
function argSchema(decl: ArgDecl): Json {
  const { $schema: _, ...schema } = z.toJSONSchema(decl.schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json
  return schema
}

const errorRef = { $ref: '#/components/schemas/Error' }
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } })

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(statusOfCode) },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message', 'code'],
            properties: {
              path: { type: 'array', items: { type: ['string', 'integer'] } },
              message: { type: 'string' },
              code: { type: 'string' },
            },
          },
        },
        details: { type: 'object' },
      },
    },
  },
}

/** Options of {@link openApiDocument}. */
export interface OpenApiOptions {
  /** The path the handler is mounted at (the server URL's path). */
  readonly basePath?: string
  /** `info.title`. Default `crmkit`. */
  readonly title?: string
  /** `info.version`. Default `1`. */
  readonly version?: string
}

/** The OpenAPI 3.1 document of every declared method, the event stream and the context route. */
export function openApiDocument(options: OpenApiOptions = {}): Json {
  const paths: Record<string, unknown> = {}
  for (const route of allRoutes()) {
    const { decl } = route
    const properties: Record<string, unknown> = {}
    for (const a of decl.args) properties[a.name] = argSchema(a)
    const required = decl.args.filter((a) => !a.optional).map((a) => a.name)
    const success =
      decl.kind === 'stream'
        ? {
            description: 'One JSON object per line: `{"item": ...}` per result, `{"error": ...}` if it failed midway',
            content: { 'application/x-ndjson': { schema: { type: 'object' } } },
          }
        : { description: `The result of \`${route.service}.${route.method}\``, content: { 'application/json': {} } }
    paths[route.path] = {
      post: {
        operationId: `${route.service}.${route.method}`,
        tags: [route.service],
        'x-crmkit-kind': decl.kind,
        'x-crmkit-idempotent': decl.idempotent,
        ...(decl.kind === 'mutation'
          ? {
              parameters: [
                {
                  name: IDEMPOTENCY_HEADER,
                  in: 'header',
                  required: false,
                  description: 'A replay with the same key and body returns the first response and writes nothing',
                  schema: { type: 'string', minLength: 1, maxLength: 255 },
                },
              ],
            }
          : {}),
        requestBody: {
          required: required.length > 0,
          content: {
            'application/json': {
              schema: { type: 'object', properties, required, additionalProperties: false },
            },
          },
        },
        responses: {
          '200': success,
          '400': errorResponse('Invalid input (`VALIDATION`, with `issues`)'),
          '401': errorResponse('No valid credentials'),
          '403': errorResponse('Forbidden'),
          '404': errorResponse('Not found (`details`: entity and id)'),
          '409': errorResponse('Conflict (`details`: the conflict fields)'),
          '413': errorResponse('Request body too large'),
          '415': errorResponse('Request body is not JSON'),
        },
      },
    }
  }
  paths[EVENTS_STREAM_PATH] = {
    get: {
      operationId: 'events.stream',
      tags: ['events'],
      description: "Server-Sent Events: the tenant's domain events; resume with `Last-Event-ID`",
      parameters: [{ name: 'last-event-id', in: 'header', required: false, schema: { type: 'string' } }],
      responses: {
        '200': { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        '400': errorResponse('Malformed Last-Event-ID'),
        '401': errorResponse('No valid credentials'),
      },
    },
  }
  paths[CONTEXT_PATH] = {
    get: {
      operationId: 'context',
      description: 'The tenant and actor the request acts for',
      responses: {
        '200': {
          description: 'The context',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['tenantId', 'actor'],
                properties: { tenantId: { type: 'string' }, actor: { type: 'string' } },
              },
            },
          },
        },
        '401': errorResponse('No valid credentials'),
      },
    },
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title ?? 'crmkit', version: options.version ?? '1' },
    servers: [{ url: options.basePath || '/' }],
    paths,
    components: { schemas: { Error: errorSchema } },
  }
}
