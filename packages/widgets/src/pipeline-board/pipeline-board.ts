/**
 * Registers `<crm-pipeline-board>` (a side effect when called; the class alone is in
 * `./pipeline-board.component.js`).
 */
import { type DefineResult, defineElement } from '../shared/define-element.js'
import { CrmPipelineBoardElement } from './pipeline-board.component.js'

export { CrmPipelineBoardElement }

/** Register `<crm-pipeline-board>` (a second registration warns and keeps the first). */
export function definePipelineBoard(tag = 'crm-pipeline-board'): DefineResult {
  return defineElement(tag, CrmPipelineBoardElement)
}

declare global {
  interface HTMLElementTagNameMap {
    'crm-pipeline-board': CrmPipelineBoardElement
  }
}
