import { afterEach, describe, expect, it } from 'vitest'
import { announcement, boardFixture, cardOf, mountBoard, rootOf, titlesIn } from '../testing/board-fixture.js'

afterEach(() => {
  document.body.replaceChildren()
})

describe('<crm-pipeline-board>', () => {
  it('shows a column per stage with count and weighted amount, and a card per deal', async () => {
    const f = await boardFixture([
      ['Acme', 'Proposal', 1_000_00],
      ['Globex', 'Proposal', 500_00],
      ['Initech', 'Lead', 200_00],
    ])
    const board = await mountBoard(f)
    const root = rootOf(board)
    const headings = [...root.querySelectorAll('h3')].map((h) => h.textContent)
    expect(headings).toEqual(['Lead', 'Proposal', 'Won', 'Lost'])
    expect(titlesIn(board, f.stage('Proposal'))).toEqual(['Acme', 'Globex'])
    const summary = root.querySelector(`[data-stage-id="${f.stage('Proposal')}"] [part="column-summary"]`)
    expect(summary?.textContent).toBe('2 deals · €750.00 weighted')
    const acme = cardOf(board, f.deals[0]!.id)
    expect(acme.querySelector('[part="card-amount"]')?.textContent).toBe('€1,000.00')
    expect(acme.querySelector('[part="card-owner"]')?.textContent).toBe('sam')
  })

  it('moves a deal through the "Move to…" menu, announces it and focuses the moved card', async () => {
    const f = await boardFixture([['Acme', 'Proposal', 1_000_00]])
    const board = await mountBoard(f)
    const acme = f.deals[0]!
    const button = cardOf(board, acme.id).querySelector<HTMLButtonElement>('[part="move-button"]')!
    expect(button.getAttribute('aria-label')).toBe("Move deal 'Acme' to…")
    button.click()
    await board.updateComplete
    const item = rootOf(board).querySelector<HTMLElement>(`[role="menuitem"][aria-label="Move deal 'Acme' to Won"]`)!
    expect(rootOf(board).activeElement).toBe(rootOf(board).querySelector('[role="menuitem"]'))
    item.click()
    await board.updateComplete
    expect(titlesIn(board, f.stage('Won'))).toEqual(['Acme'])
    expect(announcement(board)).toBe('Acme moved from Proposal to Won')
    expect(rootOf(board).activeElement).toBe(cardOf(board, acme.id))
    await expect.poll(async () => (await f.t.deals.get(acme.id))?.stageId).toBe(f.stage('Won'))
  })
})

describe('<crm-pipeline-board> languages', () => {
  const cases = [
    ['de', '2 Deals · 750,00\u00a0€ gewichtet', 'Deal „Acme“ verschieben nach…'],
    ['ko', '거래 2건 · 가중 €750.00', "'Acme' 거래 이동…"],
    ['zh', '2 笔交易 · 加权 €750.00', '将交易“Acme”移到…'],
  ] as const
  for (const [lang, summary, moveLabel] of cases) {
    it(`speaks ${lang}: strings, numbers and currency`, async () => {
      const f = await boardFixture([
        ['Acme', 'Proposal', 1_000_00],
        ['Globex', 'Proposal', 500_00],
      ])
      const host = document.createElement('section')
      host.lang = lang
      document.body.append(host)
      const board = await mountBoard(f, { parent: host })
      const root = rootOf(board)
      expect(root.querySelector(`[data-stage-id="${f.stage('Proposal')}"] [part="column-summary"]`)?.textContent).toBe(
        summary,
      )
      expect(cardOf(board, f.deals[0]!.id).querySelector('[part="move-button"]')?.getAttribute('aria-label')).toBe(
        moveLabel,
      )
    })
  }

  it('mirrors Shift+Arrow moves in a right-to-left layout', async () => {
    const f = await boardFixture([['Acme', 'Proposal', 1_000_00]])
    const host = document.createElement('section')
    host.dir = 'rtl'
    document.body.append(host)
    const board = await mountBoard(f, { parent: host })
    const card = cardOf(board, f.deals[0]!.id)
    card.focus()
    // In RTL the next stage (Won) is on the left.
    card.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'ArrowLeft', shiftKey: true, bubbles: true, composed: true }),
    )
    await board.updateComplete
    expect(titlesIn(board, f.stage('Won'))).toEqual(['Acme'])
  })
})
