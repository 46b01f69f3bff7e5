/**
 * `@crmkit/core/client`: a tenant's services over HTTP (`createRemoteCrm`), typed like
 * `crm.forTenant(...)`, for browsers and other servers. Browser-safe: no Node module.
 */
export type { RemoteCrm, RemoteCrmOptions, RemoteEvents } from './client.js'
export { createRemoteCrm } from './client.js'
export type { RemoteEventSubscriptions } from './client-events.js'
export type { FetchLike } from './client-transport.js'
export type { ErrorBody, HttpErrorCode } from './wire.js'
export { TransportError, UnauthorizedError } from './wire.js'
