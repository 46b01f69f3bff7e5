import { afterEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { contactFixture, mountDetail, waitForSelector } from '../testing/contact-fixture.js'

afterEach(() => {
  document.body.replaceChildren()
})

const shadow = (el: HTMLElement) => el.shadowRoot as ShadowRoot
const input = (el: HTMLElement, label: string) => {
  const root = shadow(el)
  const labelEl = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === label)
  const id = labelEl?.htmlFor
  const control = id ? root.getElementById(id) : null
  if (!control) throw new Error(`no control labelled ${label}`)
  return control as HTMLInputElement
}

describe('<crm-contact-detail>', () => {
  it('shows labelled fields and custom fields, companies, the timeline and tasks', async () => {
    const f = await contactFixture()
    const el = await mountDetail(f)
    const root = shadow(el)
    expect(root.querySelector('h2')?.textContent).toBe('Ada Lovelace')
    expect(input(el, 'First name').value).toBe('Ada')
    expect(input(el, 'Email').value).toBe('ada@example.com')
    expect(input(el, 'Plan').value).toBe('pro')
    expect(input(el, 'Seats').value).toBe('3')
    expect(root.querySelector('[part="companies"]')?.textContent).toContain('Analytical Engines Ltd')
    const items = [...root.querySelectorAll('ol[part="timeline"] > li')]
    expect(items.map((li) => li.querySelector('time')?.getAttribute('datetime'))).toEqual([
      '2026-11-20T11:00:00.000Z',
      '2026-11-17T12:00:00.000Z',
    ])
    expect(items.map((li) => li.querySelector('time')?.textContent?.trim())).toEqual(['1 hour ago', '3 days ago'])
    expect(root.querySelector('[part="task"]')?.textContent).toContain('Send contract')
    expect(root.querySelector('[part="task"] time')?.textContent?.trim()).toBe('in 3 days')
  })

  it('saves edits, and shows the core validation message at the field', async () => {
    const f = await contactFixture()
    const el = await mountDetail(f)
    const saved = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('crm-contact-save', (e) => resolve(e as CustomEvent), { once: true }),
    )
    await userEvent.fill(input(el, 'Job title'), 'Analyst')
    await userEvent.selectOptions(input(el, 'Plan') as unknown as HTMLSelectElement, 'free')
    shadow(el).querySelector<HTMLButtonElement>('[part="save-button"]')!.click()
    expect((await saved).detail.contact.title).toBe('Analyst')
    const stored = await f.t.contacts.get(f.contact.id)
    expect(stored?.title).toBe('Analyst')
    expect(stored?.custom.plan).toBe('free')

    await userEvent.fill(input(el, 'Email'), 'not an email')
    shadow(el).querySelector<HTMLButtonElement>('[part="save-button"]')!.click()
    await waitForSelector(el, '[part="field-error"]')
    const email = input(el, 'Email')
    expect(email.getAttribute('aria-invalid')).toBe('true')
    const error = shadow(el).getElementById(email.getAttribute('aria-describedby') ?? '')
    expect(error?.textContent?.length).toBeGreaterThan(0)
    expect(shadow(el).activeElement).toBe(email)
    expect((await f.t.contacts.get(f.contact.id))?.email).toBe('ada@example.com')
  })

  it("surfaces a concurrent change: reload discards, overwrite writes the user's edits", async () => {
    const f = await contactFixture()
    const el = await mountDetail(f, { live: false })
    await f.t.contacts.update(f.contact.id, { phone: '+44 1', title: 'Countess' })
    await userEvent.fill(input(el, 'Job title'), 'Mathematician')
    shadow(el).querySelector<HTMLButtonElement>('[part="save-button"]')!.click()
    const alert = await waitForSelector(el, '[part="conflict"][role="alert"]')
    expect(alert.textContent).toContain('changed by someone else')
    const [reload, overwrite] = [...alert.querySelectorAll('button')]
    expect(reload?.textContent).toBe('Reload')
    overwrite!.click()
    await expect.poll(async () => (await f.t.contacts.get(f.contact.id))?.title).toBe('Mathematician')
    // The other writer's other field survives the overwrite.
    expect((await f.t.contacts.get(f.contact.id))?.phone).toBe('+44 1')
    await expect.poll(() => shadow(el).querySelector('[part="conflict"]')).toBeNull()

    await f.t.contacts.update(f.contact.id, { title: 'Countess of Lovelace' })
    await userEvent.fill(input(el, 'Job title'), 'Poet')
    shadow(el).querySelector<HTMLButtonElement>('[part="save-button"]')!.click()
    const again = await waitForSelector(el, '[part="conflict"]')
    again.querySelector('button')!.click() // Reload
    await expect.poll(() => input(el, 'Job title').value).toBe('Countess of Lovelace')
  })

  it('keyboard only: logs a call and adds a task with a due date', async () => {
    const f = await contactFixture()
    const el = await mountDetail(f)
    input(el, 'Subject').focus()
    await userEvent.keyboard('Pricing call')
    await userEvent.tab()
    await userEvent.keyboard('Discussed seats')
    await userEvent.tab()
    expect(shadow(el).activeElement?.getAttribute('part')).toBe('log-button')
    await userEvent.keyboard('{Enter}')
    await expect
      .poll(() =>
        [...shadow(el).querySelectorAll('[part="timeline-item"]')].map((li) =>
          li.textContent?.replace(/\s+/g, ' ').trim(),
        ),
      )
      .toContain('Call Pricing call now Discussed seats')
    const logged = await f.t.activities.timeline({ contactId: f.contact.id })
    expect(logged.items[0]?.subject).toBe('Pricing call')

    input(el, 'Task').focus()
    await userEvent.keyboard('Prepare quote')
    await userEvent.tab()
    // A date input takes typed digits in the browser's own field order: type month, day, year.
    expect(shadow(el).activeElement).toBe(input(el, 'Due date'))
    await userEvent.keyboard('11272026')
    expect(input(el, 'Due date').value).toBe('2026-11-27')
    await userEvent.keyboard('{Enter}')
    await expect.poll(() => shadow(el).querySelectorAll('[part="task"]').length).toBe(2)
    const tasks = await f.t.tasks.list({ where: { field: 'contactId', op: 'eq', value: f.contact.id } })
    expect(tasks.items.map((task) => task.title).sort()).toEqual(['Prepare quote', 'Send contract'])
    // Completing a task from the keyboard: focus its checkbox, Space.
    shadow(el).querySelector<HTMLInputElement>('[part="task"] input[type="checkbox"]')!.focus()
    await userEvent.keyboard(' ')
    await expect
      .poll(
        async () => (await f.t.tasks.list({ where: { field: 'status', op: 'eq', value: 'completed' } })).items.length,
      )
      .toBe(1)
  })

  it('localises strings, relative dates and keeps the data (lang=de)', async () => {
    const f = await contactFixture()
    const host = document.createElement('div')
    host.lang = 'de'
    document.body.append(host)
    const el = await mountDetail(f, { parent: host })
    expect(shadow(el).querySelector('[part="save-button"]')?.textContent).toBe('Speichern')
    expect(shadow(el).querySelector('ol[part="timeline"] time')?.textContent?.trim()).toBe('vor 1 Stunde')
  })
})
