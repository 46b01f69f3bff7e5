/**
 * The board's keys on a focused card: arrows move focus between cards (Up/Down in a column,
 * Left/Right to the nearest non-empty column, mirrored in RTL), Home/End to the column's ends,
 * Shift+Left/Right move the deal to the previous/next stage, Enter opens the "Move to…" menu.
 */
import type { BoardModel } from './board-model.js'
import { findDeal } from './board-model.js'

/** What a key press on a card asks for. */
export type KeyAction =
  | { readonly kind: 'focus'; readonly dealId: string; readonly stageId: string; readonly index: number }
  | { readonly kind: 'move'; readonly toStageId: string }
  | { readonly kind: 'menu' }

/** The action of `key` (with `shift`) on the card of `dealId`, or `undefined` for keys the board leaves alone. */
export function keyAction(
  model: BoardModel,
  dealId: string,
  key: string,
  shift: boolean,
  rtl: boolean,
): KeyAction | undefined {
  const at = findDeal(model, dealId)
  if (!at) return undefined
  const stages = model.pipeline.stages
  const col = stages.findIndex((s) => s.id === at.stageId)
  // In a right-to-left layout the next stage is on the left.
  const step = (key === 'ArrowLeft') === rtl ? 1 : -1
  const horizontal = key === 'ArrowLeft' || key === 'ArrowRight'
  if (shift && horizontal) {
    const to = stages[col + step]
    return to ? { kind: 'move', toStageId: to.id } : undefined
  }
  if (key === 'Enter' || key === 'ContextMenu') return { kind: 'menu' }
  const column = model.columns.get(at.stageId) ?? []
  let stageId = at.stageId
  let index: number | undefined
  if (key === 'ArrowDown') index = Math.min(at.index + 1, column.length - 1)
  else if (key === 'ArrowUp') index = Math.max(at.index - 1, 0)
  else if (key === 'Home') index = 0
  else if (key === 'End') index = column.length - 1
  else if (horizontal) {
    // The nearest non-empty column that way, at the same row or its last card.
    for (let i = col + step; i >= 0 && i < stages.length; i += step) {
      const id = stages[i]?.id ?? ''
      const other = model.columns.get(id) ?? []
      if (other.length > 0) {
        stageId = id
        index = Math.min(at.index, other.length - 1)
        break
      }
    }
  }
  const target = index === undefined ? undefined : model.columns.get(stageId)?.[index]
  return target && index !== undefined ? { kind: 'focus', dealId: target.id, stageId, index } : undefined
}
