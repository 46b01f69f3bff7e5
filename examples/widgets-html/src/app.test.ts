/**
 * The example page in a real Chromium: its own markup (index.html) with the four elements, wired by
 * src/app.ts to a crmkit in the page. Checks each element shows the seeded data and that a deal
 * moves through the board's menu.
 */
import { afterEach, describe, expect, it } from 'vitest'
import page from '../index.html?raw'
import { start } from './app.js'

afterEach(() => {
  document.body.replaceChildren()
})

const shadowText = (el: Element | null) => el?.shadowRoot?.textContent ?? ''

describe('examples/widgets-html', () => {
  it('renders the four elements of the page against the in-page crmkit', async () => {
    const container = document.createElement('div')
    container.innerHTML = new DOMParser().parseFromString(page, 'text/html').body.innerHTML
    document.body.append(container)
    const { t } = await start(container)
    const list = container.querySelector('crm-contact-list')
    const detail = container.querySelector('crm-contact-detail')
    const board = container.querySelector('crm-pipeline-board')
    await expect.poll(() => shadowText(list)).toContain('Grace')
    await expect.poll(() => detail?.shadowRoot?.querySelector('h2')?.textContent).toBe('Ada Lovelace')
    await expect.poll(() => shadowText(board)).toContain('Acme renewal')

    const card = board?.shadowRoot?.querySelector<HTMLElement>('[part~="card"]')
    card?.querySelector<HTMLButtonElement>('[part="move-button"]')?.click()
    await board?.updateComplete
    const won = [...(board?.shadowRoot?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])].find((item) =>
      item.getAttribute('aria-label')?.endsWith(' to Won'),
    )
    won?.click()
    await expect
      .poll(async () => (await t.deals.list({ where: { field: 'status', op: 'eq', value: 'won' } })).items.length)
      .toBe(1)
  })
})
