/**
 * `<crm-contact-detail>`: axe in every state and both themes (acceptance row 20), the error state's
 * retry, and the XSS corpus in every text field (row 22).
 */

import type { TenantCrm } from '@crmkit/core'
import axe from 'axe-core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { themeStyles } from '../shared/tokens.js'
import { contactFixture, mountDetail, NOW, waitForSelector } from '../testing/contact-fixture.js'
import type { CrmContactDetailElement } from './contact-detail.component.js'

beforeAll(() => {
  const sheet = themeStyles.styleSheet
  if (sheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
})

afterEach(() => {
  document.body.replaceChildren()
})

async function violations(el: Element): Promise<string[]> {
  const result = await axe.run(el, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

function themed(theme: 'light' | 'dark'): HTMLElement {
  const wrapper = document.createElement('main')
  wrapper.className = `crm-theme-${theme}`
  document.body.append(wrapper)
  return wrapper
}

function place(parent: HTMLElement, client: TenantCrm, contactId: string): CrmContactDetailElement {
  const el = document.createElement('crm-contact-detail')
  el.client = client
  el.contactId = contactId
  el.now = NOW
  parent.append(el)
  return el
}

const hanging = (t: TenantCrm): TenantCrm =>
  ({ ...t, contacts: { ...t.contacts, get: () => new Promise(() => {}) } }) as TenantCrm
const failing = (t: TenantCrm): TenantCrm =>
  ({ ...t, contacts: { ...t.contacts, get: () => Promise.reject(new Error('offline')) } }) as TenantCrm

describe('<crm-contact-detail> states and accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations when loading, empty, in error and with data (${theme})`, async () => {
      const f = await contactFixture()
      const loading = place(themed(theme), hanging(f.t), f.contact.id)
      await waitForSelector(loading, '[part="loading"]')
      expect(loading.shadowRoot?.querySelector('[aria-busy="true"]')).not.toBeNull()
      expect(await violations(loading)).toEqual([])

      const broken = place(themed(theme), failing(f.t), f.contact.id)
      await waitForSelector(broken, '[role="alert"]')
      expect(await violations(broken)).toEqual([])

      const missing = place(themed(theme), f.t, '01900000-0000-7000-8000-000000000000')
      await waitForSelector(missing, '[part="empty"]')
      expect(await violations(missing)).toEqual([])

      const data = await mountDetail(f, { parent: themed(theme) })
      expect(await violations(data)).toEqual([])
      // With a validation error and the conflict notice showing.
      const email = data.shadowRoot?.querySelector<HTMLInputElement>('input[name="email"]')
      if (email) email.value = 'nope'
      data.shadowRoot?.querySelector<HTMLButtonElement>('[part="save-button"]')?.click()
      await waitForSelector(data, '[part="field-error"]')
      expect(await violations(data)).toEqual([])
    })
  }

  it('the error state retries', async () => {
    const f = await contactFixture()
    let fail = true
    const flaky = {
      ...f.t,
      contacts: {
        ...f.t.contacts,
        get: (id: string) => (fail ? Promise.reject(new Error('offline')) : f.t.contacts.get(id)),
      },
    } as TenantCrm
    const el = place(document.body, flaky, f.contact.id)
    const retry = await waitForSelector(el, '[part="retry"]')
    fail = false
    ;(retry as HTMLButtonElement).click()
    await waitForSelector(el, 'form.details')
    expect(el.shadowRoot?.querySelector('[role="alert"]')).toBeNull()
  })
})

const corpus = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  '<iframe srcdoc="<script>parent.__xss=1</script>">',
  'javascript:window.__xss=1',
]

describe('<crm-contact-detail> XSS corpus', () => {
  it('renders hostile names, custom values, companies, activities and tasks as text; runs no script', async () => {
    const w = window as unknown as { __xss?: number }
    delete w.__xss
    for (const payload of corpus) {
      const f = await contactFixture({ name: payload, subject: payload })
      await f.t.customFields.define({ entity: 'contact', key: 'note', label: payload, type: 'text' })
      await f.t.contacts.update(f.contact.id, { title: payload, custom: { note: payload } })
      const el = await mountDetail(f)
      const root = el.shadowRoot as ShadowRoot
      expect(root.querySelector('h2')?.textContent).toContain(payload)
      expect(root.querySelector<HTMLInputElement>('input[name="custom.note"]')?.value).toBe(payload)
      expect(root.querySelector('[part="companies"]')?.textContent).toContain(payload)
      expect(root.querySelector('[part="timeline"]')?.textContent).toContain(payload)
      expect(root.querySelector('[part="tasks"]')?.textContent).toContain(payload)
      // Saving the payload back through the form keeps it text too.
      root.querySelector<HTMLButtonElement>('[part="save-button"]')?.click()
      expect(root.querySelectorAll('img, script, svg, iframe').length).toBe(0)
      el.remove()
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(w.__xss).toBeUndefined()
  })
})
