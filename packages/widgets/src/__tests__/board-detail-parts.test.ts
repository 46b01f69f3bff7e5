/**
 * Row 10 for <crm-pipeline-board> and <crm-contact-detail>: the part names they render, over every
 * state (loading, empty, error, data, menu open, field error, conflict), equal those documented in
 * custom-elements.json.
 */
import type { TenantCrm } from '@crmkit/core'
import { afterEach, describe, expect, it } from 'vitest'
import manifest from '../../custom-elements.json'
import { boardFixture, cardOf, mountBoard } from '../testing/board-fixture.js'
import { contactFixture, mountDetail, NOW, waitForSelector } from '../testing/contact-fixture.js'

afterEach(() => {
  document.body.replaceChildren()
})

function partsOf(el: Element, into: Set<string>) {
  for (const node of el.shadowRoot?.querySelectorAll('[part]') ?? []) {
    for (const part of node.getAttribute('part')?.split(/\s+/) ?? []) into.add(part)
  }
}

function documented(tag: string): string[] {
  const declaration = manifest.modules
    .flatMap((m) => m.declarations as Array<{ tagName?: string; cssParts?: { name: string }[] }>)
    .find((d) => d.tagName === tag)
  return (declaration?.cssParts ?? []).map((p) => p.name).sort()
}

const never = (t: TenantCrm, service: 'pipelines' | 'contacts'): TenantCrm =>
  ({
    ...t,
    [service]: { ...t[service], get: () => new Promise(() => {}), list: () => new Promise(() => {}) },
  }) as TenantCrm
const broken = (t: TenantCrm, service: 'pipelines' | 'contacts'): TenantCrm =>
  ({
    ...t,
    [service]: {
      ...t[service],
      get: () => Promise.reject(new Error('offline')),
      list: () => Promise.reject(new Error('offline')),
    },
  }) as TenantCrm

describe('row 10: parts of the board and the contact detail', () => {
  it('<crm-pipeline-board>', async () => {
    const seen = new Set<string>()
    const f = await boardFixture([['Acme', 'Proposal', 100_00]])
    for (const [client, selector] of [
      [never(f.t, 'pipelines'), '[part="loading"]'],
      [broken(f.t, 'pipelines'), '[part="retry"]'],
    ] as const) {
      const board = document.createElement('crm-pipeline-board')
      board.client = client
      document.body.append(board)
      await waitForSelector(board, selector)
      partsOf(board, seen)
      board.remove()
    }
    const empty = await mountBoard(await boardFixture())
    partsOf(empty, seen)
    const board = await mountBoard(f)
    cardOf(board, f.deals[0]!.id).querySelector<HTMLButtonElement>('[part="move-button"]')!.click()
    await board.updateComplete
    partsOf(board, seen)
    expect([...seen].sort()).toEqual(documented('crm-pipeline-board'))
  })

  it('<crm-contact-detail>', async () => {
    const seen = new Set<string>()
    const f = await contactFixture()
    for (const [client, selector] of [
      [never(f.t, 'contacts'), '[part="loading"]'],
      [broken(f.t, 'contacts'), '[part="retry"]'],
    ] as const) {
      const el = document.createElement('crm-contact-detail')
      el.client = client
      el.contactId = f.contact.id
      document.body.append(el)
      await waitForSelector(el, selector)
      partsOf(el, seen)
      el.remove()
    }
    const missing = document.createElement('crm-contact-detail')
    missing.client = f.t
    missing.contactId = '01900000-0000-7000-8000-000000000000'
    document.body.append(missing)
    await waitForSelector(missing, '[part="empty"]')
    partsOf(missing, seen)
    // A contact with no activity and no task.
    const bare = await f.t.contacts.create({ firstName: 'Bare' })
    const plain = document.createElement('crm-contact-detail')
    plain.client = f.t
    plain.contactId = bare.id
    plain.now = NOW
    document.body.append(plain)
    await waitForSelector(plain, '[part="timeline-empty"]')
    partsOf(plain, seen)
    // Data, a field error, and the conflict notice.
    const el = await mountDetail(f, { live: false })
    const email = el.shadowRoot?.querySelector<HTMLInputElement>('input[name="email"]')
    if (email) email.value = 'nope'
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part="save-button"]')?.click()
    await waitForSelector(el, '[part="field-error"]')
    partsOf(el, seen)
    if (email) email.value = 'ada@example.com'
    await f.t.contacts.update(f.contact.id, { phone: '1' })
    const title = el.shadowRoot?.querySelector<HTMLInputElement>('input[name="title"]')
    if (title) title.value = 'Analyst'
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part="save-button"]')?.click()
    await waitForSelector(el, '[part="conflict"]')
    partsOf(el, seen)
    expect([...seen].sort()).toEqual(documented('crm-contact-detail'))
  })
})
