/**
 * Registers every `crm-*` element (this module's import is its side effect). A tag that is already
 * defined, by another bundle or version of the widgets, is kept: one warning, no error.
 *
 * @packageDocumentation
 */
import { defineContactDetail } from './contact-detail/contact-detail.js'
import { defineContactList } from './contact-list/contact-list.js'
import { definePipelineBoard } from './pipeline-board/pipeline-board.js'
import { defineProvider } from './provider/provider.js'

/** Register every crmkit widget under its `crm-*` tag. Safe to call more than once. */
export function defineCrmElements(): void {
  defineProvider()
  definePipelineBoard()
  defineContactDetail()
  defineContactList()
}

defineCrmElements()

export { defineContactDetail, defineContactList, definePipelineBoard, defineProvider }
