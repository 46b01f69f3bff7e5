import type { TenantCrm } from '@crmkit/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { createTestCrm, seedContacts, settled, type TestCrm, waitFor } from '../testing/crm.js'
import type { CrmContactListElement } from './contact-list.component.js'
import { defineContactList } from './contact-list.js'

defineContactList()

let client: TestCrm
let t: TenantCrm
let container: HTMLElement

beforeEach(async () => {
  client = await createTestCrm()
  ;({ t } = client)
  container = document.createElement('div')
  document.body.append(container)
})
afterEach(() => container.remove())

const q = <E extends Element = HTMLElement>(el: CrmContactListElement, selector: string) =>
  el.shadowRoot?.querySelector(selector) as E | null
const qa = (el: CrmContactListElement, selector: string) =>
  [...(el.shadowRoot?.querySelectorAll(selector) ?? [])] as HTMLElement[]

async function listWith(n: number, setup?: (el: CrmContactListElement) => void): Promise<CrmContactListElement> {
  await seedContacts(t, n)
  const el = document.createElement('crm-contact-list')
  el.style.setProperty('--crm-contact-list-height', '400px')
  setup?.(el)
  el.client = t
  container.append(el)
  if (n > 0) {
    await waitFor(() => qa(el, '[role=row][data-row]').length > 0, 'rows to render')
    await settled(el)
  }
  return el
}

const activeCell = (el: CrmContactListElement) => el.shadowRoot?.activeElement as HTMLElement | null

describe('<crm-contact-list>', () => {
  it('renders the first rows of a large list, no more than ~100 in the DOM, aria-rowcount = total', async () => {
    const el = await listWith(2000)
    const grid = q(el, '[role=grid]') as HTMLElement
    expect(grid.getAttribute('aria-rowcount')).toBe('2001')
    const rows = qa(el, '[role=row][data-row]')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThanOrEqual(100)
    expect(rows[0]?.textContent).toContain('c0@example.com')
    expect(q(el, '[role=status]')?.textContent).toBe('2,000 contacts')
  })

  it('row 18: arrows, Home/End, Ctrl+Home/End move focus; headers toggle aria-sort; Shift+Space selects', async () => {
    const el = await listWith(300, (e) => {
      e.pageSize = 50
    })
    // One tab stop: Tab from before the grid lands on the grid's active cell.
    const filter = q<HTMLInputElement>(el, 'input')
    filter?.focus()
    await userEvent.keyboard('{Tab}')
    expect(activeCell(el)?.dataset.col).toBe('0')
    expect(activeCell(el)?.closest('[role=row]')?.getAttribute('aria-rowindex')).toBe('2')
    expect(qa(el, '[tabindex="0"]').length).toBe(1)
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowRight}')
    await waitFor(() => activeCell(el)?.closest('[role=row]')?.getAttribute('aria-rowindex') === '4', 'row 3')
    expect(activeCell(el)?.dataset.col).toBe('1')
    await userEvent.keyboard('{End}')
    await waitFor(() => activeCell(el)?.dataset.col === '3', 'End to reach the last column')
    await userEvent.keyboard('{Home}')
    await waitFor(() => activeCell(el)?.dataset.col === '0', 'Home to reach the first column')
    // Shift+Space selects the row.
    await userEvent.keyboard('{Shift>}{ }{/Shift}')
    const row = activeCell(el)?.closest('[role=row]') as HTMLElement
    await waitFor(() => row.getAttribute('aria-selected') === 'true', 'the row to be selected')
    expect(el.selectedIds).toHaveLength(1)
    // Ctrl+End loads every page and focuses the last cell of the last row.
    await userEvent.keyboard('{Control>}{End}{/Control}')
    await waitFor(
      () => activeCell(el)?.closest('[role=row]')?.getAttribute('aria-rowindex') === '301',
      'the last row',
      10_000,
    )
    expect(activeCell(el)?.textContent).not.toBe('')
    // PageUp moves up by a screen.
    await userEvent.keyboard('{PageUp}')
    await waitFor(() => Number(activeCell(el)?.closest('[role=row]')?.getAttribute('aria-rowindex')) < 301, 'PageUp')
    // Ctrl+Home goes to the first header; Enter there sorts.
    await userEvent.keyboard('{Control>}{Home}{/Control}')
    await waitFor(() => activeCell(el)?.getAttribute('role') === 'columnheader', 'the header')
    const header = activeCell(el) as HTMLElement
    expect(header.getAttribute('aria-sort')).toBeNull()
    await userEvent.keyboard('{Enter}')
    await waitFor(() => q(el, '[role=columnheader]')?.getAttribute('aria-sort') === 'ascending', 'aria-sort ascending')
    await waitFor(() => !el.shadowRoot?.querySelector('[aria-busy=true]'), 'the sorted load')
    q<HTMLElement>(el, '[role=columnheader]')?.click()
    await waitFor(
      () => q(el, '[role=columnheader]')?.getAttribute('aria-sort') === 'descending',
      'aria-sort descending',
    )
    await waitFor(
      () => qa(el, '[role=row][data-row]')[0]?.textContent?.includes('Turing') === true,
      'rows sorted by last name, descending',
    )
  })

  it('row 19: after scrolling, aria-rowcount = total and aria-rowindex is contiguous and ordered', async () => {
    const el = await listWith(3000, (e) => {
      // 500: the most the HTTP handler serves by default (the remote run uses it).
      e.pageSize = 500
    })
    const body = q(el, '.body') as HTMLElement
    for (const top of [5000, 15000, 9000, 30000, 17000]) {
      // Rows past the first page arrive by cursor as the end comes near: wait until they are there.
      await waitFor(() => body.scrollHeight > top + body.clientHeight, `rows loaded past ${top}px`)
      body.scrollTop = top
      await waitFor(() => {
        const first = qa(el, '[role=row][data-row]').map((r) => Number(r.getAttribute('aria-rowindex')))
        return first.length > 0 && Math.abs((first[0] ?? 0) * 36 - top) < 3000
      }, `rows near ${top}`)
      const indexes = qa(el, '[role=row][data-row]')
        .map((r) => Number(r.getAttribute('aria-rowindex')))
        .sort((a, b) => a - b)
      expect(q(el, '[role=grid]')?.getAttribute('aria-rowcount')).toBe('3001')
      expect(indexes.length).toBeLessThanOrEqual(100)
      expect(indexes).toEqual(indexes.map((_, i) => (indexes[0] ?? 0) + i))
      // DOM order is row order too.
      const domOrder = qa(el, '[role=row][data-row]').map((r) => Number(r.getAttribute('aria-rowindex')))
      expect(domOrder).toEqual([...domOrder].sort((a, b) => a - b))
    }
  })

  it('focus survives recycling: a focused row scrolled away keeps focus in the grid, and it returns', async () => {
    const el = await listWith(1000, (e) => {
      e.pageSize = 200
    })
    ;(qa(el, '[role=gridcell]')[0] as HTMLElement).focus()
    await userEvent.keyboard('{ArrowDown}')
    await waitFor(() => activeCell(el)?.closest('[role=row]')?.getAttribute('aria-rowindex') === '3', 'second row')
    const body = q(el, '.body') as HTMLElement
    body.scrollTop = 6000
    await waitFor(() => activeCell(el) === body, 'focus to move to the scroller')
    expect(body.tabIndex).toBe(0)
    await userEvent.keyboard('{ArrowDown}')
    await waitFor(
      () => activeCell(el)?.closest('[role=row]')?.getAttribute('aria-rowindex') === '4',
      'the next row, scrolled back',
    )
    expect(qa(el, '[tabindex="0"]')).toHaveLength(1)
  })

  it('row 7: a rejecting client fires crm-load-error, shows role=alert, and retry works', async () => {
    let fail = true
    const failing = {
      ...t,
      contacts: {
        ...t.contacts,
        list: (...args: Parameters<TenantCrm['contacts']['list']>) =>
          fail ? Promise.reject(new Error('network down')) : t.contacts.list(...args),
      },
    } as TenantCrm
    await seedContacts(t, 3)
    const el = document.createElement('crm-contact-list')
    const errors: unknown[] = []
    const ready: unknown[] = []
    document.addEventListener('crm-load-error', (e) => errors.push(e.detail.error), { once: true })
    document.addEventListener('crm-ready', (e) => ready.push(e.detail), { once: true })
    el.client = failing
    container.append(el)
    await waitFor(() => q(el, '[role=alert]') !== null, 'the error state')
    expect(errors).toHaveLength(1)
    expect(q(el, '[role=alert]')?.textContent).toContain('network down')
    fail = false
    q<HTMLButtonElement>(el, '[part=retry]')?.click()
    await waitFor(() => qa(el, '[role=row][data-row]').length === 3, 'rows after retry')
    expect(q(el, '[role=alert]')).toBeNull()
    expect(ready).toEqual([{ element: 'crm-contact-list' }])
  })

  it('row 8: aria-busy toggles and a superseded request is aborted and never rendered', async () => {
    await seedContacts(t, 20)
    const gates: Array<() => void> = []
    const slow = {
      ...t,
      contacts: {
        ...t.contacts,
        list: async (...args: Parameters<TenantCrm['contacts']['list']>) => {
          await new Promise<void>((resolve) => gates.push(resolve))
          return t.contacts.list(...args)
        },
      },
    } as TenantCrm
    const el = document.createElement('crm-contact-list')
    el.client = slow
    container.append(el)
    await waitFor(() => gates.length === 1, 'the first request')
    gates.shift()?.()
    await waitFor(() => qa(el, '[role=row][data-row]').length === 20, 'rows')
    expect(q(el, '[role=grid]')?.getAttribute('aria-busy')).toBe('false')
    el.filter = 'Ada'
    await waitFor(() => gates.length === 1, 'the filtered request')
    expect(q(el, '[role=grid]')?.getAttribute('aria-busy')).toBe('true')
    const superseded = el.loadSignal
    el.filter = 'Grace'
    await waitFor(() => gates.length === 2, 'the newer request')
    expect(superseded?.aborted).toBe(true)
    // The newer request answers first, then the stale one: the stale rows must not win.
    gates.pop()?.()
    await waitFor(() => qa(el, '[role=row][data-row]').length === 2, 'Grace rows')
    gates.pop()?.()
    await new Promise((r) => setTimeout(r, 50))
    const texts = qa(el, '[role=row][data-row]').map((r) => r.textContent ?? '')
    expect(texts).toHaveLength(2)
    expect(texts.every((text) => text.startsWith('Grace'))).toBe(true)
    expect(q(el, '[role=grid]')?.getAttribute('aria-busy')).toBe('false')
  })

  it('filters with the filter language; a bad field is shown at the input', async () => {
    const el = await listWith(50)
    el.filter = 'email:c7@example.com'
    await waitFor(() => qa(el, '[role=row][data-row]').length === 1, 'one row')
    expect(q(el, '[role=status]')?.textContent).toBe('1 contact')
    el.filter = 'nosuchfield:1'
    await waitFor(() => q(el, 'input')?.getAttribute('aria-invalid') === 'true', 'the input to be invalid')
    expect(q(el, '.filter-error')?.textContent).toContain('nosuchfield')
    expect(q(el, '[part=empty]')).not.toBeNull()
  })

  it('updates live from crm events, and custom-field columns render', async () => {
    await t.customFields.define({ entity: 'contact', key: 'tier', label: 'Tier', type: 'text' })
    const el = await listWith(3, (e) => {
      e.events = client.events
      e.columns = [{ field: 'name' }, { field: 'custom.tier', label: 'Tier' }]
    })
    await client.live()
    const first = (await t.contacts.list({ limit: 1 })).items[0]
    if (!first) throw new Error('no contact')
    await t.contacts.update(first.id, { custom: { tier: 'gold' } })
    await waitFor(() => qa(el, '[role=row][data-row]')[0]?.textContent?.includes('gold') === true, 'the live update')
    await t.contacts.create({ email: 'new@example.com', firstName: 'Newton' })
    await waitFor(() => q(el, '[role=grid]')?.getAttribute('aria-rowcount') === '5', 'the live insert')
    expect(q(el, '[role=columnheader]:nth-child(2)')?.textContent).toBe('Tier')
  })

  it('activates a row with Enter and click', async () => {
    const el = await listWith(5)
    const activated: string[] = []
    document.addEventListener('crm-contact-activate', (e) => activated.push(e.detail.contact.email ?? ''))
    ;(qa(el, '[role=row][data-row]')[1] as HTMLElement).querySelector<HTMLElement>('[role=gridcell]')?.click()
    await waitFor(
      () => activeCell(el)?.closest('[role=row]')?.getAttribute('aria-rowindex') === '3',
      'clicked row focused',
    )
    await userEvent.keyboard('{Enter}')
    expect(activated).toEqual(['c1@example.com', 'c1@example.com'])
  })
})
