/**
 * `@crmkit/core/http`: serve crmkit over HTTP with one web-standard fetch handler
 * (`createCrmHandler`), plus the OpenAPI document of the API and the HTTP error classes.
 * Node's `http` and Express: `toNodeListener` from `@crmkit/core/http/node`.
 * The browser side is `createRemoteCrm` from `@crmkit/core/client`.
 */
export type { CorsOptions } from './cors.js'
export type { CrmHandler, CrmHandlerOptions, RequestContext } from './handler.js'
export { createCrmHandler } from './handler.js'
export type { OpenApiOptions } from './openapi.js'
export { openApiDocument } from './openapi.js'
export type { EventStreamOptions } from './sse.js'
export type { ErrorBody, HttpErrorCode } from './wire.js'
export { errorResponseOf, statusOfCode, TransportError, UnauthorizedError } from './wire.js'
