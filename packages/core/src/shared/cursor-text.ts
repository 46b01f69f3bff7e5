/**
 * The text form of list cursors: base64url of a small JSON array naming the sort. Shared by
 * `list.ts` (which encodes cursors) and `cursor.ts` (which decodes and checks them, loaded only
 * when a cursor is passed).
 */
import type { QueryOrder } from '../storage/port.js'

export function toBase64Url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The text of a base64url string (throws on anything else). */
export function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

/** The sort as a cursor names it: the column, or `custom.<key>`. */
export function sortLabel(order: QueryOrder): string {
  return order.customField === undefined ? order.column : `custom.${order.customField.key}`
}
