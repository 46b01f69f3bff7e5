/**
 * The write paths of `t.attribution`: touchpoints (idempotent by key), identities, custom
 * conversions and the conversions of won deals. Each runs in one transaction with its events.
 */
import { ConflictError, NotFoundError, type ValidationIssue } from '../errors.js'
import type { Deal } from '../pipeline/records.js'
import { existingIds, versionedRow } from '../shared/entity.js'
import { casUpdate, type Scope, versionedWrite, type WriteContext, write } from '../shared/scope.js'
import { validationError } from '../shared/validation.js'
import type { StorageRow } from '../storage/port.js'
import { type Conversion, type TrackedTouchpoint, toConversion, toTouchpoint } from './records.js'

/** A validated touchpoint plus its key (schema output). */
export interface TouchpointData {
  readonly channel: string
  readonly source?: string | undefined
  readonly medium?: string | undefined
  readonly campaign?: string | undefined
  readonly content?: string | undefined
  readonly term?: string | undefined
  readonly occurredAt?: string | undefined
  readonly contactId?: string | undefined
  readonly anonymousId?: string | undefined
  readonly idempotencyKey?: string | undefined
}

/** Result of `identify`. */
export interface IdentifyResult {
  readonly anonymousId: string
  readonly contactId: string
  /** Touchpoints this call attached to the contact (0 on a replay). */
  readonly linked: number
}

/**
 * Run an idempotent write; if a concurrent writer stored the same idempotency key first
 * (a unique-key ConflictError), run it again: the second run finds the stored row.
 */
async function idempotent<T>(scope: Scope, work: (w: WriteContext) => Promise<T>): Promise<T> {
  try {
    return await write(scope, work)
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error
    return write(scope, work)
  }
}

/** Store touchpoints (one transaction); items whose key is already stored return the stored row. */
export function storeTouchpoints(scope: Scope, items: readonly TouchpointData[]): Promise<TrackedTouchpoint[]> {
  return idempotent(scope, async (w) => {
    const keys = [...new Set(items.flatMap((i) => (i.idempotencyKey === undefined ? [] : [i.idempotencyKey])))]
    const stored = new Map<string, StorageRow>()
    if (keys.length > 0) {
      for (const row of await w.session.findBy('touchpoints', w.tenantId, { idempotencyKey: keys })) {
        stored.set(String(row.idempotencyKey), row)
      }
    }
    const fresh = items.filter((i) => i.idempotencyKey === undefined || !stored.has(i.idempotencyKey))
    const contactIds = [...new Set(fresh.flatMap((i) => (i.contactId === undefined ? [] : [i.contactId])))]
    const found = await existingIds(w, 'contacts', contactIds)
    const issues: ValidationIssue[] = []
    items.forEach((item, index) => {
      if (fresh.includes(item) && item.contactId !== undefined && !found.has(item.contactId)) {
        issues.push({ path: [index, 'contactId'], message: `No contact with id ${item.contactId}`, code: 'custom' })
      }
    })
    if (issues.length > 0) throw validationError('touchpoint', issues)
    // Anonymous touches of an already identified visitor go straight to the contact.
    const anonymous = [...new Set(fresh.flatMap((i) => (i.contactId || !i.anonymousId ? [] : [i.anonymousId])))]
    const known = new Map<string, string>()
    if (anonymous.length > 0) {
      for (const row of await w.session.findBy('identities', w.tenantId, { anonymousId: anonymous })) {
        known.set(String(row.anonymousId), String(row.contactId))
      }
    }
    const inserts: StorageRow[] = []
    const out = items.map((item) => {
      const key = item.idempotencyKey
      const existing = key === undefined ? undefined : stored.get(key)
      if (existing) return existing
      const occurredAt = item.occurredAt ?? w.now
      const row: StorageRow = Object.assign(versionedRow(w), {
        channel: item.channel,
        source: item.source ?? null,
        medium: item.medium ?? null,
        campaign: item.campaign ?? null,
        content: item.content ?? null,
        term: item.term ?? null,
        occurredAt,
        occurredMs: Date.parse(occurredAt),
        contactId: item.contactId ?? (item.anonymousId ? (known.get(item.anonymousId) ?? null) : null),
        anonymousId: item.anonymousId ?? null,
        idempotencyKey: key ?? null,
      })
      if (key !== undefined) stored.set(key, row)
      inserts.push(row)
      return row
    })
    if (inserts.length > 0) await w.session.insert('touchpoints', w.tenantId, inserts)
    for (const row of inserts) w.emit('touchpoint.tracked', { touchpoint: toTouchpoint(row) })
    return out.map(toTouchpoint)
  })
}

/**
 * Tie an anonymous id to a contact: remember it (later anonymous touches of the id go to
 * the contact) and attach its stored anonymous touchpoints. Idempotent.
 */
export function identifyVisitor(scope: Scope, anonymousId: string, contactId: string): Promise<IdentifyResult> {
  return versionedWrite(scope, undefined, async (w) => {
    if (!(await w.session.get('contacts', w.tenantId, contactId))) throw new NotFoundError('contact', contactId)
    const [identity] = await w.session.findBy('identities', w.tenantId, { anonymousId }, { limit: 1 })
    if (identity && identity.contactId !== contactId) {
      // The anonymous id is the contact's unique key here: one visitor is one contact.
      throw new ConflictError({
        kind: 'unique',
        entity: 'contact',
        key: 'anonymousId',
        value: anonymousId,
        id: String(identity.contactId),
      })
    }
    if (!identity) {
      await w.session.insert('identities', w.tenantId, [
        { id: w.newId(), tenantId: w.tenantId, createdAt: w.now, anonymousId, contactId },
      ])
    }
    const touches = await w.session.findBy('touchpoints', w.tenantId, { anonymousId, contactId: null })
    for (const touch of touches) await casUpdate(w, 'touchpoints', 'touchpoint', touch, { contactId })
    if (!identity || touches.length > 0) {
      w.emit('contact.identified', { anonymousId, contactId, linked: touches.length })
    }
    return { anonymousId, contactId, linked: touches.length }
  })
}

/** A validated custom conversion plus its key. */
export interface ConversionData {
  readonly type: string
  readonly value?: number | undefined
  readonly currency: string
  readonly occurredAt?: string | undefined
  readonly contactId: string
  readonly dealId?: string | undefined
  readonly idempotencyKey?: string | undefined
}

function conversionRow(w: WriteContext, data: ConversionData, value: number): StorageRow {
  const occurredAt = data.occurredAt ?? w.now
  return {
    id: w.newId(),
    tenantId: w.tenantId,
    createdAt: w.now,
    type: data.type,
    amountValue: value,
    amountCurrency: data.currency,
    occurredAt,
    occurredMs: Date.parse(occurredAt),
    contactId: data.contactId,
    dealId: data.dealId ?? null,
    idempotencyKey: data.idempotencyKey ?? null,
  }
}

/** Store a custom conversion; a replayed key returns the stored one. */
export function storeConversion(scope: Scope, data: ConversionData): Promise<Conversion> {
  return idempotent(scope, async (w) => {
    if (data.idempotencyKey !== undefined) {
      const [existing] = await w.session.findBy(
        'conversions',
        w.tenantId,
        { idempotencyKey: data.idempotencyKey },
        { limit: 1 },
      )
      if (existing) return toConversion(existing)
    }
    const issues: ValidationIssue[] = []
    if (!(await w.session.get('contacts', w.tenantId, data.contactId))) {
      issues.push({ path: ['contactId'], message: `No contact with id ${data.contactId}`, code: 'custom' })
    }
    if (data.dealId !== undefined && !(await w.session.get('deals', w.tenantId, data.dealId))) {
      issues.push({ path: ['dealId'], message: `No deal with id ${data.dealId}`, code: 'custom' })
    }
    if (issues.length > 0) throw validationError('conversion', issues)
    const row = conversionRow(w, data, data.value ?? 0)
    await w.session.insert('conversions', w.tenantId, [row])
    const conversion = toConversion(row)
    w.emit('conversion.recorded', { conversion })
    return conversion
  })
}

/**
 * The conversions of a won deal, written in the stage move's transaction. Rule: one
 * `dealWon` conversion per contact of the deal (ascending id order), at the time of the
 * win, whose values split the deal's amount evenly in minor units (the first contacts get
 * the remainder cents), so the conversions' values sum to the amount. A deal without
 * contacts has no journey and records no conversion. Each conversion's idempotency key is
 * `dealWon:<dealId>:<contactId>`: a deal re-won after being reopened is not counted twice.
 */
export async function recordDealConversions(w: WriteContext, deal: Deal): Promise<void> {
  const contacts = [...new Set(deal.contactIds)].sort()
  if (contacts.length === 0) return
  const keys = contacts.map((c) => `dealWon:${deal.id}:${c}`)
  const existing = new Set(
    (await w.session.findBy('conversions', w.tenantId, { idempotencyKey: keys })).map((r) => String(r.idempotencyKey)),
  )
  const total = deal.amount.value
  const share = Math.floor(total / contacts.length)
  const remainder = total - share * contacts.length
  const rows: StorageRow[] = []
  contacts.forEach((contactId, i) => {
    const key = keys[i] as string
    if (existing.has(key)) return
    const data = { type: 'dealWon', currency: deal.amount.currency, contactId, dealId: deal.id, idempotencyKey: key }
    rows.push(conversionRow(w, data, share + (i < remainder ? 1 : 0)))
  })
  if (rows.length === 0) return
  await w.session.insert('conversions', w.tenantId, rows)
  for (const row of rows) w.emit('conversion.recorded', { conversion: toConversion(row) })
}
