/**
 * The wire format shared by the handler and the remote client: how a typed error becomes a
 * status and a JSON body, and how the client turns that body back into the same error class.
 * Both sides import this module, so the mapping cannot drift between them.
 */
import {
  type ConflictDetails,
  ConflictError,
  CrmError,
  type CrmErrorCode,
  ForbiddenError,
  NotFoundError,
  OverflowError,
  StorageError,
  TransportError,
  UnauthorizedError,
  UnsupportedError,
  ValidationError,
  type ValidationIssue,
} from '../errors.js'

export { TransportError, UnauthorizedError }

/** The error codes of the HTTP layer, beside those of {@link CrmErrorCode}. */
export type HttpErrorCode =
  | CrmErrorCode
  | 'UNAUTHORIZED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL'

/** The body of every error response: `{ error: { code, message, issues?, details? } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: HttpErrorCode
    readonly message: string
    /** For `VALIDATION`: every issue, as in {@link ValidationError.issues}. */
    readonly issues?: readonly ValidationIssue[]
    /** For `CONFLICT`: the {@link ConflictDetails}; for `NOT_FOUND`: `{ entity, id }`. */
    readonly details?: Readonly<Record<string, unknown>>
  }
}

/** The HTTP status of an error code. */
export const statusOfCode: Readonly<Record<HttpErrorCode, number>> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // A sum that cannot be exact: the request is well-formed but cannot be answered as asked.
  OVERFLOW: 422,
  // The configured adapter lacks a capability the call needs.
  UNSUPPORTED: 501,
  STORAGE: 503,
  TRANSPORT: 502,
  INTERNAL: 500,
}

/** An error body (with its status) for any thrown value. Unknown errors say nothing about their cause. */
export function errorResponseOf(error: unknown): { status: number; body: ErrorBody } {
  const code = (error instanceof CrmError ? (error.code as HttpErrorCode) : 'INTERNAL') satisfies HttpErrorCode
  const status = statusOfCode[code] ?? 500
  // Driver errors and bugs keep their text on the server: it may name tables, hosts or data.
  if (!(error instanceof CrmError) || code === 'STORAGE') {
    const message = code === 'STORAGE' ? 'The storage backend failed' : 'Internal error'
    return { status, body: { error: { code, message } } }
  }
  const base = { code, message: error.message }
  if (error instanceof ValidationError) return { status, body: { error: { ...base, issues: error.issues } } }
  if (error instanceof ConflictError) return { status, body: { error: { ...base, details: { ...error.details } } } }
  if (error instanceof NotFoundError) {
    return { status, body: { error: { ...base, details: { entity: error.entity, id: error.id } } } }
  }
  return { status, body: { error: base } }
}

/** Build an error body by hand (HTTP-layer failures). */
export function httpError(
  code: HttpErrorCode,
  message: string,
  extra: Pick<ErrorBody['error'], 'issues' | 'details'> = {},
): { status: number; body: ErrorBody } {
  return { status: statusOfCode[code], body: { error: { code, message, ...extra } } }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether a parsed JSON body is crmkit's error body. */
export function isErrorBody(value: unknown): value is ErrorBody {
  return isRecord(value) && isRecord(value.error) && typeof value.error.code === 'string'
}

/** The error a client throws for an error response: the same class the server threw. */
export function errorFromResponse(status: number, body: unknown): CrmError {
  if (!isErrorBody(body)) return new TransportError(status, 'HTTP', `HTTP ${status} without a crmkit error body`)
  const { code, message, issues, details } = body.error
  switch (code) {
    case 'VALIDATION':
      return new ValidationError(message, Array.isArray(issues) ? issues : [])
    case 'NOT_FOUND':
      if (isRecord(details) && typeof details.entity === 'string' && typeof details.id === 'string') {
        return new NotFoundError(details.entity, details.id)
      }
      break
    case 'CONFLICT':
      if (isRecord(details) && (details.kind === 'version' || details.kind === 'unique')) {
        return new ConflictError(details as unknown as ConflictDetails)
      }
      break
    case 'FORBIDDEN':
      return new ForbiddenError(message)
    case 'UNAUTHORIZED':
      return new UnauthorizedError(message)
    case 'UNSUPPORTED':
      return new UnsupportedError(message)
    case 'OVERFLOW':
      return new OverflowError(message)
    case 'STORAGE':
      return new StorageError(message)
  }
  return new TransportError(status, code, message)
}
