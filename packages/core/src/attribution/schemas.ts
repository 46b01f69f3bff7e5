/**
 * zod/mini schemas of the touchpoint, identity and conversion inputs of `t.attribution`.
 * Keys of a touch (channel, source, campaign) may not contain control characters: the SQL
 * adapters join a journey's keys with U+001F to aggregate paths.
 */
import * as z from 'zod/mini'
import { currency, hostId, idRef, timestamp } from '../shared/schemas.js'
import { storableText } from '../shared/storable.js'

/** Whether a text holds a C0 control character or DEL (they would corrupt aggregated paths). */
const hasControl = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 32 || code === 127) return true
  }
  return false
}
const label = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((text) => !hasControl(text), { error: 'Must not contain control characters' }),
    storableText(),
  )

/** An idempotency key chosen by the caller: replays with the same key store nothing new. */
export const idempotencyKeySchema = label(255)

const touchpointFields = {
  /** Marketing channel, e.g. `paidSearch`, `email`, `direct` (1..64 characters). */
  channel: label(64),
  /** UTM source, e.g. `google`. */
  source: z.optional(label(255)),
  /** UTM medium, e.g. `cpc`. */
  medium: z.optional(label(255)),
  /** UTM campaign. */
  campaign: z.optional(label(255)),
  /** UTM content. */
  content: z.optional(label(255)),
  /** UTM term. */
  term: z.optional(label(255)),
  /** When the touch happened. Default: now. */
  occurredAt: z.optional(timestamp),
  /** The contact touched; give this or `anonymousId` (or both). */
  contactId: z.optional(idRef),
  /** A visitor id from the host (cookie, device); linked to a contact by `identify`. */
  anonymousId: z.optional(hostId),
}

const needsSubject = z.refine<{ contactId?: string | undefined; anonymousId?: string | undefined }>(
  (t) => t.contactId !== undefined || t.anonymousId !== undefined,
  { message: 'A touchpoint needs a contactId or an anonymousId', path: ['contactId'] },
)

/** A touchpoint to record (UTM fields, time, and who was touched). */
export const touchpointInputSchema = z.strictObject(touchpointFields).check(needsSubject)

/** A touchpoint to record (see {@link touchpointInputSchema}). */
export type TouchpointInput = z.input<typeof touchpointInputSchema>

/** Options of `track`. */
export const trackOptionsSchema = z.strictObject({ idempotencyKey: z.optional(idempotencyKeySchema) })

/** Options of `track`. */
export type TrackOptions = z.input<typeof trackOptionsSchema>

/** One item of `trackMany`: a touchpoint plus its optional idempotency key. */
export const trackManyItemSchema = z
  .strictObject({ ...touchpointFields, idempotencyKey: z.optional(idempotencyKeySchema) })
  .check(needsSubject)

/** One item of `trackMany`. */
export type TrackManyItem = z.input<typeof trackManyItemSchema>

/** The items of `trackMany`: 1..1000 per call (one transaction). */
export const trackManySchema = z.array(trackManyItemSchema).check(z.minLength(1), z.maxLength(1000))

/** Arguments of `identify`. */
export const identifySchema = z.strictObject({ anonymousId: hostId, contactId: idRef })

/** A custom conversion (a signup, a purchase...). `dealWon` is reserved for won deals. */
export const conversionInputSchema = z.strictObject({
  /** Conversion type, e.g. `signup` or `purchase` (1..64 characters, not `dealWon`). */
  type: label(64).check(z.refine((t) => t !== 'dealWon', { error: '"dealWon" is recorded by won deals only' })),
  /** Value in integer minor units (cents). Default 0. */
  value: z.optional(z.int().check(z.gte(0))),
  /** ISO 4217 currency of `value`. */
  currency,
  /** When it happened. Default: now. */
  occurredAt: z.optional(timestamp),
  /** The converting contact. */
  contactId: idRef,
  /** A deal it belongs to, if any. */
  dealId: z.optional(idRef),
})

/** A custom conversion (see {@link conversionInputSchema}). */
export type ConversionInput = z.input<typeof conversionInputSchema>

/** Options of `recordConversion`. */
export const conversionOptionsSchema = trackOptionsSchema

/** Options of `recordConversion`. */
export type ConversionOptions = z.input<typeof conversionOptionsSchema>
