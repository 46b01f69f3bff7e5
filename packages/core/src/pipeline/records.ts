/**
 * Pipeline, stage, deal and stage-transition records.
 */
import type { CustomValues } from '../shared/custom-values.js'
import { base, json, num, type RecordBase, sortedIds, str, strings, strOrNull } from '../shared/rows.js'
import type { StorageRow } from '../storage/port.js'
import type { Money, StageKind } from './schemas.js'

/** A stage of a pipeline. */
export interface Stage {
  readonly id: string
  readonly name: string
  /** Chance of winning a deal in this stage, 0..1. */
  readonly probability: number
  readonly kind: StageKind
  /** 0-based order within the pipeline. */
  readonly position: number
}

/** A sales pipeline with its ordered stages. */
export interface Pipeline extends RecordBase {
  readonly name: string
  /** ISO 4217 currency of every deal in the pipeline. */
  readonly currency: string
  /** When the pipeline was archived (it then takes no new deals); `null` while active. */
  readonly archivedAt: string | null
  /** Ordered by `position`; live stages only (removed stages are gone from here). */
  readonly stages: Stage[]
}

/** Status of a deal: the kind of its stage. */
export type DealStatus = StageKind

/** A deal moving through a pipeline. */
export interface Deal extends RecordBase {
  readonly title: string
  readonly pipelineId: string
  readonly stageId: string
  readonly status: DealStatus
  readonly amount: Money
  /** `YYYY-MM-DD`. */
  readonly expectedCloseDate: string | null
  /** When the deal entered a won/lost stage; `null` while open. */
  readonly closedAt: string | null
  readonly ownerId: string | null
  readonly companyId: string | null
  readonly lostReason: string | null
  /** Linked contacts, ascending. */
  readonly contactIds: string[]
  readonly tags: string[]
  readonly custom: CustomValues
}

/** One stage move of a deal (the first one, at creation, has `fromStageId: null`). */
export interface DealTransition {
  readonly id: string
  readonly dealId: string
  readonly pipelineId: string
  readonly fromStageId: string | null
  readonly toStageId: string
  readonly at: string
  /** The actor of the write that moved the deal. */
  readonly actor: string
}

/** Read a stage row. */
export function toStage(row: StorageRow): Stage {
  return {
    id: str(row, 'id'),
    name: str(row, 'name'),
    probability: num(row, 'probability'),
    kind: str(row, 'kind') as StageKind,
    position: num(row, 'position'),
  }
}

/** Read a pipeline row with its stage rows (in any order). */
export function toPipeline(row: StorageRow, stageRows: readonly StorageRow[]): Pipeline {
  const stages = stageRows.map(toStage).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
  return Object.assign(base(row), {
    name: str(row, 'name'),
    currency: str(row, 'currency'),
    archivedAt: strOrNull(row, 'archivedAt'),
    stages,
  })
}

/** Read a deal row (with its hydrated `contactIds`, unless given). */
export function toDeal(row: StorageRow, contactIds?: Iterable<string>): Deal {
  return Object.assign(base(row), {
    title: str(row, 'title'),
    pipelineId: str(row, 'pipelineId'),
    stageId: str(row, 'stageId'),
    status: str(row, 'status') as DealStatus,
    amount: { value: num(row, 'amountValue'), currency: str(row, 'amountCurrency') },
    expectedCloseDate: strOrNull(row, 'expectedCloseDate'),
    closedAt: strOrNull(row, 'closedAt'),
    ownerId: strOrNull(row, 'ownerId'),
    companyId: strOrNull(row, 'companyId'),
    lostReason: strOrNull(row, 'lostReason'),
    contactIds: contactIds === undefined ? strings(row, 'contactIds') : sortedIds(contactIds),
    tags: strings(row, 'tags'),
    custom: json(row, 'custom') as CustomValues,
  })
}

/** Read a transition row. */
export function toTransition(row: StorageRow): DealTransition {
  return {
    id: str(row, 'id'),
    dealId: str(row, 'dealId'),
    pipelineId: str(row, 'pipelineId'),
    fromStageId: strOrNull(row, 'fromStageId'),
    toStageId: str(row, 'toStageId'),
    at: str(row, 'at'),
    actor: str(row, 'actor'),
  }
}

// The events of pipelines and deals, added to the one event map (`CrmEventMap` in events/types.ts). Each
// domain folder declares its own events here, in the module that defines their payloads, so
// the events layer names no domain (see .dependency-cruiser.cjs); this module is always part
// of a program that sees the map, because the public entry re-exports it.
declare module '../events/types.js' {
  interface CrmEventMap {
    'deal.created': { readonly deal: Deal }
    'deal.updated': { readonly deal: Deal; readonly changes: readonly string[] }
    /** A stage move; `transition` is the row added to the deal's history. */
    'deal.stageChanged': { readonly deal: Deal; readonly transition: DealTransition }
    /** The deal entered a stage of kind `won` (also on create). */
    'deal.won': { readonly deal: Deal }
    /** The deal entered a stage of kind `lost` (also on create). */
    'deal.lost': { readonly deal: Deal }
    'deal.deleted': { readonly deal: Deal }
    'deal.restored': { readonly deal: Deal }
    'pipeline.created': { readonly pipeline: Pipeline }
    /**
     * A pipeline or its stages changed. `changes` names what: `name`, `currency`, `archivedAt`
     * (archived or unarchived), `stages` (a stage added, edited, reordered or removed).
     */
    'pipeline.updated': { readonly pipeline: Pipeline; readonly changes: readonly string[] }
  }
}
