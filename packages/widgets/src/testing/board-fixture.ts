/**
 * Test fixture of the board: a tenant (in-page crmkit or remote, see `clients.ts`) with a pipeline
 * of four stages and a few deals, and a mounted `<crm-pipeline-board>`.
 */
import type { Deal, Pipeline } from '@crmkit/core'
import type { CrmPipelineBoardElement } from '../pipeline-board/pipeline-board.component.js'
import { definePipelineBoard } from '../pipeline-board/pipeline-board.js'
import { createTestClient, type TestClient } from './clients.js'

definePipelineBoard()

/** A running crm with one tenant and a sales pipeline. */
export interface BoardFixture extends TestClient {
  readonly pipeline: Pipeline
  readonly stage: (name: string) => string
}

/** A crm with the pipeline Lead / Proposal / Won / Lost (EUR) and the given deals (title, stage name, amount in cents). */
export async function boardFixture(
  deals: readonly [string, string, number][] = [],
): Promise<BoardFixture & { deals: Deal[] }> {
  const client = await createTestClient({ tenant: 'acme-corp' })
  const { t } = client
  const pipeline = await t.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Proposal', probability: 0.5 },
      { name: 'Won', probability: 1, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  })
  const stage = (name: string) => {
    const found = pipeline.stages.find((s) => s.name === name)
    if (!found) throw new Error(`no stage ${name}`)
    return found.id
  }
  const created: Deal[] = []
  for (const [title, stageName, value] of deals) {
    created.push(
      await t.deals.create({
        title,
        pipelineId: pipeline.id,
        stageId: stage(stageName),
        amount: { value, currency: 'EUR' },
        ownerId: 'sam',
      }),
    )
  }
  return { ...client, pipeline, stage, deals: created }
}

/** Mount a board on `client` (with the crm's bus for live updates) and wait for its first render of data. */
export async function mountBoard(
  fixture: BoardFixture,
  options: { parent?: HTMLElement; configure?: (board: CrmPipelineBoardElement) => void; live?: boolean } = {},
): Promise<CrmPipelineBoardElement> {
  const board = document.createElement('crm-pipeline-board')
  board.client = fixture.t
  if (options.live !== false) board.events = fixture.events
  board.pipelineId = fixture.pipeline.id
  options.configure?.(board)
  const ready = new Promise((resolve) => board.addEventListener('crm-ready', resolve, { once: true }))
  ;(options.parent ?? document.body).append(board)
  await ready
  await board.updateComplete
  if (options.live !== false) await fixture.live()
  return board
}

/** The shadow root of a board (open). */
export function rootOf(board: CrmPipelineBoardElement): ShadowRoot {
  if (!board.shadowRoot) throw new Error('no shadow root')
  return board.shadowRoot
}

/** Titles of the cards of a stage, in order. */
export function titlesIn(board: CrmPipelineBoardElement, stageId: string): string[] {
  return [...rootOf(board).querySelectorAll(`[data-stage-id="${stageId}"] [part~="card-title"]`)].map(
    (el) => el.textContent ?? '',
  )
}

/** The card element of a deal. */
export function cardOf(board: CrmPipelineBoardElement, dealId: string): HTMLElement {
  const card = rootOf(board).querySelector<HTMLElement>(`[data-deal-id="${dealId}"]`)
  if (!card) throw new Error(`no card ${dealId}`)
  return card
}

/** Text of the board's live region. */
export function announcement(board: CrmPipelineBoardElement): string {
  return (rootOf(board).querySelector('[part="live"]')?.textContent ?? '').trim()
}
