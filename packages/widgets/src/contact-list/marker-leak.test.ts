/**
 * lit/lit#5298: lit-html >= 3.3.1 leaks a part's end-marker comment on every removal, so a
 * virtualised list grows one orphan comment per row scrolled past. The list sweeps them; this test
 * scrolls through 100k rows and checks the DOM stays the size of the first screen. The rows come
 * from an array-backed `contacts.list` (see testing/array-client.ts): the check is about the DOM,
 * and 100k rows on the in-page memory adapter would take minutes to seed and page.
 */
import { virtualizerRef } from '@lit-labs/virtualizer/virtualize.js'
import { expect, it } from 'vitest'
import { arrayClient, makeContacts } from '../testing/array-client.js'
import { settled, waitFor } from '../testing/crm.js'
import { defineContactList } from './contact-list.js'

defineContactList()

function nodeCount(root: Node): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL)
  let n = 0
  while (walker.nextNode()) n++
  return n
}

const nextRange = (body: HTMLElement) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      body.removeEventListener('rangeChanged', done)
      resolve()
    }
    // Bounded: headless Chromium occasionally stalls frames; the loop's own checks then decide.
    const timer = setTimeout(done, 1_000)
    body.addEventListener('rangeChanged', done)
  })

it('after scrolling through 100k rows the DOM node count stays within a constant of the first screen', async () => {
  const el = document.createElement('crm-contact-list')
  el.style.setProperty('--crm-contact-list-height', '400px')
  el.pageSize = 1000
  el.client = arrayClient(makeContacts(100_000))
  document.body.append(el)
  const rows = () => el.shadowRoot?.querySelectorAll('[role=row][data-row]') ?? []
  await waitFor(() => rows().length > 0, 'the first screen')
  await settled(el)
  const root = el.shadowRoot as ShadowRoot
  const firstScreen = nodeCount(root)
  const body = root.querySelector('.body') as HTMLElement & {
    [virtualizerRef]?: { element(index: number): { scrollIntoView(options?: ScrollIntoViewOptions): void } | undefined }
  }
  const loaded = () => Number(root.querySelector('[role=grid]') && (el as unknown as { rows: unknown[] }).rows.length)
  const lastRow = () => Number(rows()[rows().length - 1]?.getAttribute('aria-rowindex') ?? 0) - 2
  let steps = 0
  // Jump a screenful and more at a time (every rendered row is replaced at each step), as far as
  // the loaded pages reach; the list fetches the next page as the end comes near.
  for (let index = 120; lastRow() < 99_999; index = Math.min(index + 120, 99_999)) {
    if (index >= loaded()) await waitFor(() => loaded() > index, `page after row ${loaded()}`, 10_000)
    body[virtualizerRef]?.element(index)?.scrollIntoView({ block: 'end' })
    steps++
    await nextRange(body)
    await waitFor(() => lastRow() >= index, `row ${index} to render`, 10_000)
    expect(rows().length).toBeLessThanOrEqual(100)
  }
  await settled(el)
  const afterAll = nodeCount(root)
  expect(root.querySelector('[role=grid]')?.getAttribute('aria-rowcount')).toBe('100001')
  // Rows at the end of the list may differ from the first screen by a few; without the sweep the
  // count grows by one comment per row removed (tens of thousands here).
  expect(Math.abs(afterAll - firstScreen)).toBeLessThan(200)
  const swept = (el as unknown as { markersSwept: number }).markersSwept
  console.info(
    `lit#5298: ${steps} steps over 100k rows; nodes first screen ${firstScreen}, after ${afterAll}; orphan markers swept ${swept}`,
  )
}, 120_000)
