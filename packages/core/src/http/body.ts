/**
 * Reading a request body safely: at most `maxBytes` (checked while streaming, not only from
 * `Content-Length`, which a client may omit or forge), JSON only, nested at most `maxDepth`
 * levels (a deeply nested document would otherwise cost stack in every recursive step that
 * follows), UTF-8 only.
 */
import { ValidationError } from '../errors.js'
import { type HttpErrorCode, httpError } from './wire.js'

/** A body the handler refuses before parsing it (413, 415), with the response to send. */
export interface BodyRefusal {
  readonly refused: HttpErrorCode
  readonly message: string
}

/** Whether a value is a {@link BodyRefusal}. */
export const isBodyRefusal = (value: unknown): value is BodyRefusal =>
  typeof value === 'object' && value !== null && 'refused' in value

/** Whether a Content-Type header names JSON (`application/json`, any parameters, `+json` types). */
export function isJsonContentType(header: string | null): boolean {
  if (header === null) return false
  const type = header.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1]
  return charset === undefined || charset.toLowerCase() === 'utf-8'
}

/** Read at most `maxBytes` of the body; more is refused (`PAYLOAD_TOO_LARGE`). */
export async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | BodyRefusal> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) return tooLarge(maxBytes)
  if (request.body === null) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

const tooLarge = (maxBytes: number): BodyRefusal => ({
  refused: 'PAYLOAD_TOO_LARGE',
  message: `The request body exceeds ${maxBytes} bytes`,
})

const invalid = (message: string) => new ValidationError(message, [{ path: [], message, code: 'invalid_json' }])

/**
 * The deepest nesting of `[`/`{` in a JSON text (strings skipped), stopping early past `limit`.
 * A linear scan, so a hostile document costs no recursion before it is refused.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      depth++
      if (depth > limit) return true
    } else if (c === 93 || c === 125) depth--
  }
  return false
}

/**
 * Parse a JSON body. Empty means `{}`. Bad UTF-8, bad JSON or nesting deeper than `maxDepth`
 * is a ValidationError; the top level must be an object.
 */
export function parseJsonBody(bytes: Uint8Array, maxDepth: number): Record<string, unknown> {
  if (bytes.byteLength === 0) return {}
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw invalid('The request body is not valid UTF-8')
  }
  if (jsonDepthExceeds(text, maxDepth)) throw invalid(`The request body is nested deeper than ${maxDepth} levels`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid('The request body is not valid JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('The request body must be a JSON object of the method arguments')
  }
  return value as Record<string, unknown>
}

/** The response for a {@link BodyRefusal}. */
export const refusalResponse = (refusal: BodyRefusal) => httpError(refusal.refused, refusal.message)
