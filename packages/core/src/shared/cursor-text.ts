/**
 * The text parts of a list cursor that both sides share: shared/list.ts writes cursors,
 * shared/cursor.ts (loaded on first use) reads them back. A module of its own so that the
 * reader does not import list.ts, which imports the reader lazily.
 */
import type { QueryOrder } from '../storage/port.js'

/** The text of a base64url string (throws on anything else). */
export function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

/** The sort as a cursor names it: the column, or `custom.<key>`. */
export function sortLabel(order: QueryOrder): string {
  return order.customField === undefined ? order.column : `custom.${order.customField.key}`
}
