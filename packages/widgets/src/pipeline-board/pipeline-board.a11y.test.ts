/**
 * Accessibility of every state in both themes (acceptance row 20), the loading/empty/error states
 * (row 7/8 for this element), and the XSS corpus in every text field (row 22).
 */

import type { TenantCrm } from '@crmkit/core'
import axe from 'axe-core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { themeStyles } from '../shared/tokens.js'
import { boardFixture, cardOf, mountBoard, rootOf } from '../testing/board-fixture.js'
import type { CrmPipelineBoardElement } from './pipeline-board.component.js'

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
  wrapper.style.background = theme === 'dark' ? '#15191e' : '#ffffff'
  document.body.append(wrapper)
  return wrapper
}

/** A board that is not waited for (loading and error states). */
function placeBoard(parent: HTMLElement, client: TenantCrm): CrmPipelineBoardElement {
  const board = document.createElement('crm-pipeline-board')
  board.client = client
  parent.append(board)
  return board
}

const hanging = (t: TenantCrm): TenantCrm =>
  ({
    ...t,
    pipelines: { ...t.pipelines, list: () => new Promise(() => {}), get: () => new Promise(() => {}) },
  }) as TenantCrm

const failing = (t: TenantCrm): TenantCrm =>
  ({
    ...t,
    pipelines: {
      ...t.pipelines,
      list: () => Promise.reject(new Error('offline')),
      get: () => Promise.reject(new Error('offline')),
    },
  }) as TenantCrm

describe('<crm-pipeline-board> states and accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations when loading, empty, in error and with data (${theme})`, async () => {
      const f = await boardFixture([
        ['Acme', 'Proposal', 1_000_00],
        ['Globex', 'Won', 25_00],
      ])
      const empty = await boardFixture()

      const loading = placeBoard(themed(theme), hanging(f.t))
      await loading.updateComplete
      expect(rootOf(loading).querySelector('[aria-busy="true"]')).not.toBeNull()
      expect(rootOf(loading).querySelector('[part="loading"]')).not.toBeNull()
      expect(await violations(loading)).toEqual([])

      const broken = placeBoard(themed(theme), failing(f.t))
      const errorShown = new Promise((resolve) => broken.addEventListener('crm-load-error', resolve, { once: true }))
      await errorShown
      await expect.poll(() => rootOf(broken).querySelector('[role="alert"]')).not.toBeNull()
      expect(await violations(broken)).toEqual([])

      const none = await mountBoard(empty, { parent: themed(theme) })
      expect(rootOf(none).querySelector('[part="empty"]')?.textContent).toContain('No deals in this pipeline yet.')
      expect(await violations(none)).toEqual([])

      const data = await mountBoard(f, { parent: themed(theme) })
      expect(await violations(data)).toEqual([])
      // With the menu open too.
      cardOf(data, f.deals[0]!.id).querySelector<HTMLButtonElement>('[part="move-button"]')!.click()
      await data.updateComplete
      expect(rootOf(data).querySelector('[role="menu"]')).not.toBeNull()
      expect(await violations(data)).toEqual([])
    })
  }

  it('the error state retries and then shows the deals', async () => {
    const f = await boardFixture([['Acme', 'Proposal', 1_000_00]])
    const board = placeBoard(document.body, failing(f.t))
    await new Promise((resolve) => board.addEventListener('crm-load-error', resolve, { once: true }))
    await expect.poll(() => rootOf(board).querySelector('[role="alert"]')).not.toBeNull()
    // The network is back: the retry button loads again.
    board.client = f.t
    await expect.poll(() => rootOf(board).querySelector(`[data-deal-id="${f.deals[0]!.id}"]`)).not.toBeNull()
    expect(rootOf(board).querySelector('[role="alert"]')).toBeNull()
  })
})

const corpus = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  '"><svg onload="window.__xss=1">',
  "'-alert(1)-'",
  'javascript:window.__xss=1',
  '<iframe srcdoc="<script>parent.__xss=1</script>">',
  '{{constructor.constructor("window.__xss=1")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is this literal text
  '${window.__xss=1}',
]

describe('<crm-pipeline-board> XSS corpus', () => {
  it('renders hostile deal titles, owners, stage and pipeline names as text and runs no script', async () => {
    const w = window as unknown as { __xss?: number }
    delete w.__xss
    const f = await boardFixture()
    const t = f.t
    for (const [i, payload] of corpus.entries()) {
      const pipeline = await t.pipelines.create({
        name: payload,
        currency: 'EUR',
        stages: [
          { name: payload, probability: 0.5 },
          { name: `${payload} 2`, probability: 1, kind: 'won' },
        ],
      })
      const deal = await t.deals.create({
        title: payload,
        pipelineId: pipeline.id,
        ownerId: `owner-${i}`,
        amount: { value: 1, currency: 'EUR' },
      })
      const board = await mountBoard({ ...f, pipeline })
      const card = cardOf(board, deal.id)
      expect(card.querySelector('[part="card-title"]')?.textContent).toBe(payload)
      card.querySelector<HTMLButtonElement>('[part="move-button"]')!.click()
      await board.updateComplete
      await board.moveDeal(deal.id, pipeline.stages[1]!.id)
      await board.updateComplete
      const root = rootOf(board)
      expect(root.querySelectorAll('img, script, svg, iframe').length).toBe(0)
      expect(root.querySelector('[part="live"]')?.textContent).toContain(payload)
      board.remove()
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(w.__xss).toBeUndefined()
  })
})
