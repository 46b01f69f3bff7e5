/**
 * The board's state as plain data: the deals of each stage in display order. Every change
 * returns a new model that shares the untouched columns, so `repeat()` in an untouched column
 * sees the same array and does no work (a move touches exactly two columns).
 */
import type { Deal, Pipeline, Stage } from '@crmkit/core'

/** The deals of one stage, in display order. */
export type Column = readonly Deal[]

/** Where a deal sits on the board. */
export interface DealPlace {
  readonly stageId: string
  readonly index: number
}

/** The pipeline and the deals of each of its stages. */
export interface BoardModel {
  readonly pipeline: Pipeline
  readonly columns: ReadonlyMap<string, Column>
}

/** A model of `pipeline` holding `deals` (deals of unknown stages are left out), each column in the given order. */
export function createModel(pipeline: Pipeline, deals: readonly Deal[]): BoardModel {
  const columns = new Map<string, Deal[]>(pipeline.stages.map((s) => [s.id, []]))
  for (const deal of deals) columns.get(deal.stageId)?.push(deal)
  return { pipeline, columns }
}

/** Where `dealId` is, or `undefined`. */
export function findDeal(model: BoardModel, dealId: string): (DealPlace & { deal: Deal }) | undefined {
  for (const [stageId, column] of model.columns) {
    const index = column.findIndex((d) => d.id === dealId)
    if (index >= 0) return { stageId, index, deal: column[index] as Deal }
  }
  return undefined
}

/** The stage with this id, or `undefined`. */
export function stageOf(model: BoardModel, stageId: string): Stage | undefined {
  return model.pipeline.stages.find((s) => s.id === stageId)
}

const clampIndex = (index: number, length: number) => Math.max(0, Math.min(index, length))

/**
 * `deal` placed at `toIndex` of its `stageId`'s column (clamped), removed from wherever it was.
 * A deal of an unknown stage is removed only.
 */
export function placeDeal(model: BoardModel, deal: Deal, toIndex: number): BoardModel {
  const columns = new Map(model.columns)
  const from = findDeal(model, deal.id)
  if (from) {
    const source = [...(columns.get(from.stageId) ?? [])]
    source.splice(from.index, 1)
    columns.set(from.stageId, source)
  }
  const target = columns.get(deal.stageId)
  if (target) {
    const next = [...target]
    next.splice(clampIndex(toIndex, next.length), 0, deal)
    columns.set(deal.stageId, next)
  }
  return { pipeline: model.pipeline, columns }
}

/**
 * A newer record of a deal from the client or an event: replaced where it is when its stage
 * did not change (so the card keeps its place), otherwise placed on top of its new column.
 */
export function upsertDeal(model: BoardModel, deal: Deal): BoardModel {
  if (deal.pipelineId !== model.pipeline.id) return removeDeal(model, deal.id)
  const at = findDeal(model, deal.id)
  if (at && at.stageId === deal.stageId) {
    // An older record arriving late (a slow response after a newer event) must not win.
    if (at.deal.version > deal.version) return model
    const columns = new Map(model.columns)
    const column = [...(columns.get(at.stageId) ?? [])]
    column[at.index] = deal
    columns.set(at.stageId, column)
    return { pipeline: model.pipeline, columns }
  }
  if (at && at.deal.version > deal.version) return model
  return placeDeal(model, deal, 0)
}

/** The model without `dealId`. */
export function removeDeal(model: BoardModel, dealId: string): BoardModel {
  const at = findDeal(model, dealId)
  if (!at) return model
  const columns = new Map(model.columns)
  columns.set(
    at.stageId,
    (columns.get(at.stageId) ?? []).filter((d) => d.id !== dealId),
  )
  return { pipeline: model.pipeline, columns }
}

/** Number of deals and the sum of amount x stage probability, in minor units (rounded). */
export function columnSummary(column: Column, stage: Stage): { count: number; weighted: number } {
  let total = 0
  for (const deal of column) total += deal.amount.value
  return { count: column.length, weighted: Math.round(total * stage.probability) }
}

/** Total number of deals on the board. */
export function dealCount(model: BoardModel): number {
  let n = 0
  for (const column of model.columns.values()) n += column.length
  return n
}
