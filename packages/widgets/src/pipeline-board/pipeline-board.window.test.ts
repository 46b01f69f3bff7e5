/**
 * Long columns render only the cards in view; scrolling, keyboard focus and moves work across
 * the window, and removed cards leave no comment markers behind (lit/lit#5298).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { boardFixture, cardOf, mountBoard, rootOf, titlesIn } from '../testing/board-fixture.js'

afterEach(() => {
  document.body.replaceChildren()
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('<crm-pipeline-board> windowed columns', () => {
  it('renders a window of a long column and follows scrolling, keys and moves', async () => {
    const deals: [string, string, number][] = []
    for (let i = 0; i < 150; i++) deals.push([`Deal ${String(i).padStart(3, '0')}`, 'Lead', 100_00])
    deals.push(['Solo', 'Won', 100_00])
    const f = await boardFixture(deals)
    const board = await mountBoard(f)
    const root = rootOf(board)
    const lead = f.stage('Lead')
    const rendered = () => titlesIn(board, lead)
    expect(rendered().length).toBeGreaterThan(5)
    expect(rendered().length).toBeLessThan(40)
    expect(root.querySelector(`[data-stage-id="${lead}"] [part="column-summary"]`)?.textContent).toContain('150 deals')

    // Scrolling to the end renders the last cards.
    const body = root.querySelector<HTMLElement>(`[data-stage-id="${lead}"] [part="column-body"]`)!
    body.scrollTop = body.scrollHeight
    await expect.poll(() => rendered().at(-1)).toBe('Deal 149')
    expect(rendered().length).toBeLessThan(40)
    body.scrollTop = 0
    await expect.poll(() => rendered()[0]).toBe('Deal 000')

    // End on a focused card brings the last card into the window and focuses it.
    cardOf(board, f.deals[0]!.id).focus()
    cardOf(board, f.deals[0]!.id).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'End', bubbles: true, composed: true }),
    )
    await board.updateComplete
    await expect.poll(() => root.activeElement?.getAttribute('data-deal-id')).toBe(f.deals[149]!.id)

    // A move out of the window's column and into another.
    await board.moveDeal(f.deals[149]!.id, f.stage('Won'), 0)
    await board.updateComplete
    expect(titlesIn(board, f.stage('Won'))).toEqual(['Deal 149', 'Solo'])
    expect(root.querySelector(`[data-stage-id="${lead}"] [part="column-summary"]`)?.textContent).toContain('149 deals')

    // Scrolled through and idle: no orphan comment markers pile up in the list.
    for (let top = 0; top <= body.scrollHeight; top += 400) {
      body.scrollTop = top
      await pause(20)
    }
    await pause(600)
    const list = root.querySelector(`[data-stage-id="${lead}"] .cards`)!
    const comments = [...list.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).length
    expect(comments).toBeLessThanOrEqual(2 * list.querySelectorAll('li').length + 2)
  })
})
