/**
 * Acceptance row 13: lang=de/ko/zh changes strings, dates and currency; dir=rtl mirrors; a missing
 * key falls back to English; de-AT falls back to de.
 */
import type { TenantCrm } from '@crmkit/core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import type { CrmContactListElement } from '../contact-list/contact-list.component.js'
import { defineCrmElements } from '../define.js'
import { registerTranslations } from '../shared/localize.js'
import { createTestCrm, settled, waitFor } from '../testing/crm.js'

let t: TenantCrm
const containers: HTMLElement[] = []

beforeAll(async () => {
  defineCrmElements()
  ;({ t } = await createTestCrm())
  await t.customFields.define({ entity: 'contact', key: 'arr', label: 'ARR', type: 'number' })
  await t.contacts.create({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', custom: { arr: 123456 } })
  await t.contacts.create({ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', custom: { arr: 700 } })
})
afterEach(() => {
  for (const c of containers.splice(0)) c.remove()
})

async function list(
  attrs: Record<string, string>,
  wrap?: (el: HTMLElement) => HTMLElement,
): Promise<CrmContactListElement> {
  // One list at a time: a list outside the viewport renders no rows until scrolled to.
  for (const c of containers.splice(0)) c.remove()
  const el = document.createElement('crm-contact-list')
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  el.columns = [{ field: 'name' }, { field: 'createdAt' }, { field: 'custom.arr', type: 'money', currency: 'EUR' }]
  el.client = t
  const outer = wrap ? wrap(el) : el
  const container = document.createElement('div')
  container.append(outer)
  document.body.append(container)
  containers.push(container)
  await waitFor(() => (el.shadowRoot?.querySelectorAll('[role=row][data-row]').length ?? 0) === 2, 'rows')
  await settled(el)
  return el
}

const text = (el: CrmContactListElement, selector: string) => el.shadowRoot?.querySelector(selector)?.textContent ?? ''
const cells = (el: CrmContactListElement) =>
  [...(el.shadowRoot?.querySelectorAll('[role=row][data-row="0"] [role=gridcell]') ?? [])].map((c) => c.textContent)

describe('row 13: language', () => {
  it('en is the default: strings, dates and minor-unit currency', async () => {
    const el = await list({})
    expect(text(el, 'label')).toBe('Filter contacts')
    expect(text(el, '[role=status]')).toBe('2 contacts')
    const [, created, money] = cells(el)
    expect(money).toBe('€1,234.56')
    expect(created).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date()))
  })

  it('lang=de, ko, zh change strings, dates and currency', async () => {
    const today = new Date()
    const expected = {
      de: { label: 'Kontakte filtern', count: '2 Kontakte', money: '1.234,56 €', header: 'Erstellt' },
      ko: { label: '연락처 필터', count: '연락처 2개', money: '€1,234.56', header: '생성일' },
      zh: { label: '筛选联系人', count: '2 位联系人', money: '€1,234.56', header: '创建时间' },
    }
    for (const [lang, want] of Object.entries(expected)) {
      const el = await list({ lang })
      expect(text(el, 'label')).toBe(want.label)
      expect(text(el, '[role=status]')).toBe(want.count)
      expect(text(el, '[role=columnheader][data-col="1"]')).toBe(want.header)
      const [, created, money] = cells(el)
      expect(money?.replace(/\u00a0/g, ' ')).toBe(want.money)
      expect(created).toBe(new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(today))
    }
  })

  it('the language follows an ancestor, the provider and <html>, and updates when lang changes', async () => {
    const el = await list({}, (inner) => {
      const section = document.createElement('section')
      section.lang = 'ko'
      section.append(inner)
      return section
    })
    expect(text(el, '[role=status]')).toBe('연락처 2개')
    ;(el.parentElement as HTMLElement).lang = 'de-AT'
    await waitFor(() => text(el, '[role=status]') === '2 Kontakte', 'de-AT -> de')
    const provided = await list({}, (inner) => {
      const provider = document.createElement('crm-provider')
      provider.locale = 'zh'
      provider.strings = { zh: { 'contactList.filter': '搜索' } }
      provider.append(inner)
      return provider
    })
    await waitFor(() => text(provided, 'label') === '搜索', 'the provider override')
    expect(text(provided, '[role=status]')).toBe('2 位联系人')
    document.documentElement.lang = 'de'
    try {
      const plain = await list({})
      expect(text(plain, 'label')).toBe('Kontakte filtern')
    } finally {
      document.documentElement.lang = 'en'
    }
  })

  it('a key missing in a language falls back to English; an unknown language is English', async () => {
    registerTranslations('en', { 'contactList.column.custom.arr': 'Annual revenue' })
    const el = await list({ lang: 'de' })
    expect(text(el, '[role=columnheader][data-col="2"]')).toBe('Annual revenue')
    expect(text(el, 'label')).toBe('Kontakte filtern')
    const fr = await list({ lang: 'fr' })
    expect(text(fr, 'label')).toBe('Filter contacts')
  })

  it('dir=rtl mirrors the layout and the arrow keys', async () => {
    const el = await list({ dir: 'rtl', lang: 'de' })
    const root = el.shadowRoot?.querySelector('.root') as HTMLElement
    expect(getComputedStyle(root).direction).toBe('rtl')
    const headers = [...(el.shadowRoot?.querySelectorAll('[role=columnheader]') ?? [])] as HTMLElement[]
    const [first, second] = headers.map((h) => h.getBoundingClientRect().left)
    expect(first).toBeGreaterThan(second ?? 0)
    const firstCell = el.shadowRoot?.querySelector('[role=gridcell]') as HTMLElement
    firstCell.focus()
    await userEvent.keyboard('{ArrowLeft}')
    await waitFor(
      () => (el.shadowRoot?.activeElement as HTMLElement | null)?.dataset.col === '1',
      'ArrowLeft to move forward in rtl',
    )
  })
})
