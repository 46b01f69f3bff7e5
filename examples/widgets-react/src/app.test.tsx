/**
 * The React example in a real Chromium: the elements get the client as a property from React 19,
 * render the in-page crmkit's data, and the board's `crm-deal-move` reaches the React handler.
 */
import type { DealMoveDetail } from '@crmkit/widgets'
import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import { App, createDemoCrm } from './app.js'

afterEach(() => {
  document.body.replaceChildren()
})

describe('examples/widgets-react', () => {
  it('renders the four elements and handles a move through an oncrm-deal-move prop', async () => {
    const demo = await createDemoCrm()
    const container = document.createElement('div')
    document.body.append(container)
    const moves: DealMoveDetail[] = []
    const root = createRoot(container)
    await act(async () => root.render(<App {...demo} onMove={(detail) => moves.push(detail)} />))
    const list = container.querySelector('crm-contact-list')
    const detail = container.querySelector('crm-contact-detail')
    const board = container.querySelector('crm-pipeline-board')
    await expect.poll(() => list?.shadowRoot?.textContent ?? '').toContain('Grace')
    await expect.poll(() => detail?.shadowRoot?.querySelector('h2')?.textContent).toBe('Ada Lovelace')
    await expect.poll(() => board?.shadowRoot?.textContent ?? '').toContain('Acme renewal')

    board?.shadowRoot?.querySelector<HTMLButtonElement>('[part="move-button"]')?.click()
    await board?.updateComplete
    const won = [...(board?.shadowRoot?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])].find((item) =>
      item.getAttribute('aria-label')?.endsWith(' to Won'),
    )
    await act(async () => won?.click())
    expect(moves).toHaveLength(1)
    const wonStage = (await demo.t.pipelines.get(demo.pipelineId))?.stages[2]
    expect(moves[0]?.toStageId).toBe(wonStage?.id)
    await expect.poll(() => container.querySelector('[data-testid="last-move"]')?.textContent).toBe(moves[0]?.dealId)
    await expect
      .poll(async () => (await demo.t.deals.list({ where: { field: 'status', op: 'eq', value: 'won' } })).items.length)
      .toBe(1)
    act(() => root.unmount())
  })
})
