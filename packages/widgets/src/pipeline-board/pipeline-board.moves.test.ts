/**
 * Moving deals: the cancelable `crm-deal-move` event, pointer drag vs the menu (same detail),
 * rollback on ConflictError, live updates from the crm's events (acceptance rows 6, 15, 16, 17).
 */

import { afterEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { announcement, boardFixture, cardOf, mountBoard, rootOf, titlesIn } from '../testing/board-fixture.js'
import { waitFor } from '../testing/crm.js'
import type { DealMoveDetail } from './pipeline-board.component.js'

afterEach(() => {
  document.body.replaceChildren()
})

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('<crm-pipeline-board> moves', () => {
  it('fires crm-deal-move to a document listener; preventDefault() keeps the deal where it was', async () => {
    const f = await boardFixture([
      ['Acme', 'Proposal', 100_00],
      ['Globex', 'Proposal', 100_00],
    ])
    const board = await mountBoard(f)
    const seen: DealMoveDetail[] = []
    const listener = (event: Event) => {
      seen.push((event as CustomEvent<DealMoveDetail>).detail)
      event.preventDefault()
    }
    document.addEventListener('crm-deal-move', listener)
    try {
      const written = await board.moveDeal(f.deals[1]!.id, f.stage('Won'))
      expect(written).toBe(false)
    } finally {
      document.removeEventListener('crm-deal-move', listener)
    }
    expect(seen).toEqual([
      { dealId: f.deals[1]!.id, fromStageId: f.stage('Proposal'), toStageId: f.stage('Won'), fromIndex: 1, toIndex: 0 },
    ])
    await board.updateComplete
    expect(titlesIn(board, f.stage('Proposal'))).toEqual(['Acme', 'Globex'])
    expect(titlesIn(board, f.stage('Won'))).toEqual([])
    expect(announcement(board)).toBe('Move cancelled. Globex stays in Proposal.')
    expect((await f.t.deals.get(f.deals[1]!.id))?.stageId).toBe(f.stage('Proposal'))
  })

  it('a pointer drag and the "Move to…" menu emit the same detail', async () => {
    const f = await boardFixture([['Acme', 'Proposal', 100_00]])
    const board = await mountBoard(f)
    const acme = f.deals[0]!.id
    const seen: DealMoveDetail[] = []
    const listener = (event: Event) => {
      seen.push((event as CustomEvent<DealMoveDetail>).detail)
      event.preventDefault() // both paths start from the same board
    }
    document.addEventListener('crm-deal-move', listener)
    try {
      const wonHeader = rootOf(board).querySelector<HTMLElement>(
        `[data-stage-id="${f.stage('Won')}"] [part="column-header"]`,
      )!
      await userEvent.dragAndDrop(cardOf(board, acme).querySelector('[part="card-title"]')!, wonHeader)
      await board.updateComplete
      cardOf(board, acme).querySelector<HTMLButtonElement>('[part="move-button"]')!.click()
      await board.updateComplete
      rootOf(board)
        .querySelector<HTMLElement>(`[role="menuitem"][data-stage-id="${f.stage('Won')}"]`)!
        .click()
      await board.updateComplete
    } finally {
      document.removeEventListener('crm-deal-move', listener)
    }
    expect(seen).toHaveLength(2)
    expect(seen[0]).toEqual({
      dealId: acme,
      fromStageId: f.stage('Proposal'),
      toStageId: f.stage('Won'),
      fromIndex: 0,
      toIndex: 0,
    })
    expect(seen[1]).toEqual(seen[0])
  })

  it('a pointer drag moves the card and writes the move', async () => {
    const f = await boardFixture([
      ['Acme', 'Proposal', 100_00],
      ['Globex', 'Won', 100_00],
    ])
    const board = await mountBoard(f)
    const acme = f.deals[0]!.id
    const globex = cardOf(board, f.deals[1]!.id)
    // Onto the lower half of Globex's card: after it.
    await userEvent.dragAndDrop(cardOf(board, acme).querySelector('[part="card-title"]')!, globex, {
      targetPosition: { x: 20, y: globex.offsetHeight - 8 },
    })
    await board.updateComplete
    expect(titlesIn(board, f.stage('Won'))).toEqual(['Globex', 'Acme'])
    expect(announcement(board)).toBe('Acme moved from Proposal to Won')
    expect(rootOf(board).activeElement).toBe(cardOf(board, acme))
    await expect.poll(async () => (await f.t.deals.get(acme))?.stageId).toBe(f.stage('Won'))
  })

  it('rolls back and announces when the deal was changed by someone else (ConflictError)', async () => {
    const f = await boardFixture([['Acme', 'Proposal', 100_00]])
    const board = await mountBoard(f, { live: false }) // no events: the board keeps the old version
    const acme = f.deals[0]!.id
    await f.t.deals.update(acme, { title: 'Acme Ltd' })
    const written = await board.moveDeal(acme, f.stage('Won'))
    expect(written).toBe(false)
    await board.updateComplete
    expect(announcement(board)).toBe('Acme was changed by someone else and could not be moved. It is back in Proposal.')
    // The newer record replaces the card where it really is.
    await expect.poll(() => titlesIn(board, f.stage('Proposal'))).toEqual(['Acme Ltd'])
    expect(titlesIn(board, f.stage('Won'))).toEqual([])
    expect((await f.t.deals.get(acme))?.stageId).toBe(f.stage('Proposal'))
  })

  it('follows the crm events: deals created, moved and deleted elsewhere', async () => {
    const f = await boardFixture([['Acme', 'Proposal', 100_00]])
    const board = await mountBoard(f)
    // The local bus delivers before the write returns; the remote client's SSE stream a moment
    // later: wait (bounded) for the board to show each change.
    const shows = (stage: string, titles: string[], what: string) =>
      waitFor(() => JSON.stringify(titlesIn(board, f.stage(stage))) === JSON.stringify(titles), what)
    const created = await f.t.deals.create({
      title: 'Umbrella',
      pipelineId: f.pipeline.id,
      stageId: f.stage('Lead'),
      amount: { value: 1, currency: 'EUR' },
    })
    await shows('Lead', ['Umbrella'], 'the created deal')
    await f.t.deals.moveToStage(f.deals[0]!.id, f.stage('Lost'))
    await shows('Lost', ['Acme'], 'the moved deal')
    expect(titlesIn(board, f.stage('Proposal'))).toEqual([])
    await f.t.deals.delete(created.id)
    await shows('Lead', [], 'the deleted deal gone')
    expect(titlesIn(board, f.stage('Lost'))).toEqual(['Acme'])
  })

  it('keyboard only: Tab to the board, arrows between cards, Shift+Arrow and the menu move deals', async () => {
    const f = await boardFixture([
      ['Acme', 'Lead', 100_00],
      ['Globex', 'Lead', 100_00],
      ['Initech', 'Proposal', 100_00],
    ])
    const before = document.createElement('button')
    before.textContent = 'before'
    document.body.append(before)
    const board = await mountBoard(f)
    const root = rootOf(board)
    const [acme, globex, initech] = f.deals.map((d) => d.id) as [string, string, string]
    before.focus()
    await userEvent.tab()
    expect(root.activeElement).toBe(cardOf(board, acme)) // one tab stop: the first card
    await userEvent.keyboard('{ArrowDown}')
    await board.updateComplete
    expect(root.activeElement).toBe(cardOf(board, globex))
    await userEvent.keyboard('{ArrowRight}')
    await board.updateComplete
    expect(root.activeElement).toBe(cardOf(board, initech))
    await userEvent.keyboard('{Shift>}{ArrowRight}{/Shift}')
    await board.updateComplete
    await nextFrame()
    expect(titlesIn(board, f.stage('Won'))).toEqual(['Initech'])
    expect(announcement(board)).toBe('Initech moved from Proposal to Won')
    expect(root.activeElement).toBe(cardOf(board, initech))
    // The menu: Enter opens it on the first item, arrows move, Enter chooses.
    await userEvent.keyboard('{Enter}')
    await board.updateComplete
    expect(root.activeElement?.getAttribute('role')).toBe('menuitem')
    expect(root.activeElement?.getAttribute('aria-label')).toBe("Move deal 'Initech' to Lead")
    await userEvent.keyboard('{ArrowDown}{ArrowDown}')
    expect(root.activeElement?.getAttribute('aria-label')).toBe("Move deal 'Initech' to Lost")
    await userEvent.keyboard('{Enter}')
    await board.updateComplete
    await nextFrame()
    expect(titlesIn(board, f.stage('Lost'))).toEqual(['Initech'])
    expect(announcement(board)).toBe('Initech moved from Won to Lost')
    expect(root.activeElement).toBe(cardOf(board, initech))
    // Escape closes the menu and returns focus to its button.
    await userEvent.keyboard('{Enter}')
    await board.updateComplete
    await userEvent.keyboard('{Escape}')
    await board.updateComplete
    expect(root.activeElement).toBe(cardOf(board, initech).querySelector('[part="move-button"]'))
    expect(root.querySelector('[role="menu"]')).toBeNull()
    await expect.poll(async () => (await f.t.deals.get(initech))?.stageId).toBe(f.stage('Lost'))
  })
})
