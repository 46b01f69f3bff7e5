/**
 * Loading a board: the pipeline and all its deals, page by page, stopping when superseded.
 */
import type { Deal, Pipeline } from '@crmkit/core'
import type { CrmClient } from '../shared/context.js'
import { type BoardModel, createModel } from './board-model.js'

/**
 * A page of deals: 500, the most `createCrmHandler` accepts by default (`maxListLimit`); the core
 * allows 1000, but a larger page over HTTP is refused (400) and the board would never load on
 * the remote client.
 */
const PAGE = 500

/** The pipeline (`pipelineId`, else the first active one) and all its deals, page by page; `null` when there is none. */
export async function loadBoard(
  client: CrmClient,
  pipelineId: string | undefined,
  signal: AbortSignal,
): Promise<BoardModel | null> {
  const pipeline = await resolvePipeline(client, pipelineId)
  signal.throwIfAborted()
  if (!pipeline) return null
  const deals: Deal[] = []
  let cursor: string | undefined
  do {
    const page = await client.deals.list({
      where: { field: 'pipelineId', op: 'eq', value: pipeline.id },
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    })
    signal.throwIfAborted()
    deals.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return createModel(pipeline, deals)
}

async function resolvePipeline(client: CrmClient, pipelineId: string | undefined): Promise<Pipeline | null> {
  if (pipelineId) return client.pipelines.get(pipelineId)
  return (await client.pipelines.list({ limit: 1 })).items[0] ?? null
}
