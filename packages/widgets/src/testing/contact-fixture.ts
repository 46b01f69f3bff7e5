/**
 * Test fixture of `<crm-contact-detail>`: a tenant (in-page crmkit or remote, see `clients.ts`)
 * with a contact with custom fields, a company, activities and a task.
 */
import type { Contact } from '@crmkit/core'
import type { CrmContactDetailElement } from '../contact-detail/contact-detail.component.js'
import { defineContactDetail } from '../contact-detail/contact-detail.js'
import { createTestClient, type TestClient } from './clients.js'
import { NOW } from './now.js'

defineContactDetail()

/** Fixed "now" of the tests (the crm's clock too): 2026-11-20T12:00:00Z. */
export { NOW }

/** A tenant and one contact. */
export interface ContactFixture extends TestClient {
  readonly contact: Contact
}

/** A contact "Ada Lovelace" with custom fields `plan` (select) and `seats` (number), a company, two activities and a task. */
export async function contactFixture(text: { name?: string; subject?: string } = {}): Promise<ContactFixture> {
  const client = await createTestClient({ tenant: 'acme', clock: () => new Date(NOW) })
  const { t } = client
  await t.customFields.define({
    entity: 'contact',
    key: 'plan',
    label: 'Plan',
    type: 'select',
    options: ['free', 'pro'],
  })
  await t.customFields.define({ entity: 'contact', key: 'seats', label: 'Seats', type: 'number' })
  const company = await t.companies.create({ name: text.name ?? 'Analytical Engines Ltd', domain: 'engines.example' })
  const contact = await t.contacts.create({
    firstName: text.name ?? 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    custom: { plan: 'pro', seats: 3 },
    companyIds: [company.id],
  })
  await t.activities.log({
    type: 'call',
    subject: text.subject ?? 'Intro call',
    contactId: contact.id,
    occurredAt: '2026-11-17T12:00:00.000Z',
  })
  await t.activities.log({
    type: 'note',
    subject: 'Follow-up',
    body: text.subject ?? 'Sent the deck',
    contactId: contact.id,
    occurredAt: '2026-11-20T11:00:00.000Z',
  })
  await t.tasks.create({
    title: text.subject ?? 'Send contract',
    dueAt: '2026-11-23T12:00:00.000Z',
    contactId: contact.id,
  })
  return { ...client, contact }
}

/** Mount a detail on the fixture's contact and wait for its data. */
export async function mountDetail(
  f: ContactFixture,
  options: { parent?: HTMLElement; live?: boolean } = {},
): Promise<CrmContactDetailElement> {
  const el = document.createElement('crm-contact-detail')
  el.client = f.t
  if (options.live !== false) el.events = f.events
  el.contactId = f.contact.id
  el.now = NOW
  ;(options.parent ?? document.body).append(el)
  await waitForSelector(el, 'form.details')
  if (options.live !== false) await f.live()
  return el
}

/** Wait until `selector` matches in the element's shadow root (setTimeout polling, never rAF). */
export async function waitForSelector(el: HTMLElement, selector: string, timeout = 5_000): Promise<Element> {
  const start = performance.now()
  for (;;) {
    const found = el.shadowRoot?.querySelector(selector)
    if (found) return found
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${selector}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
