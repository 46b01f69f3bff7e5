/**
 * Registers every `crm-*` element (this module's import is its side effect). Tags that are already
 * defined, by another bundle or version of the widgets, are kept: one console warning in all, no error.
 *
 * @packageDocumentation
 */
import { CrmContactDetailElement } from './contact-detail/contact-detail.component.js'
import { CrmContactListElement } from './contact-list/contact-list.component.js'
import { CrmPipelineBoardElement } from './pipeline-board/pipeline-board.component.js'
import { CrmProviderElement } from './provider/provider.component.js'
import { type DefineResult, defineElement, warnTaken } from './shared/define-element.js'

/** Every element of the package by tag (elements add themselves here). */
export const crmElements: Readonly<Record<string, CustomElementConstructor>> = {
  'crm-provider': CrmProviderElement,
  'crm-contact-list': CrmContactListElement,
  'crm-contact-detail': CrmContactDetailElement,
  'crm-pipeline-board': CrmPipelineBoardElement,
}

/**
 * Register every crmkit widget under its `crm-*` tag. Safe to call more than once; tags another
 * bundle defined are kept, with one warning listing them.
 * @returns what happened per tag.
 */
export function defineCrmElements(): Record<string, DefineResult> {
  const results: Record<string, DefineResult> = {}
  for (const [tag, elementClass] of Object.entries(crmElements)) {
    results[tag] = defineElement(tag, elementClass, { warn: false })
  }
  const taken = Object.keys(results).filter((tag) => results[tag] === 'taken')
  if (taken.length > 0) warnTaken(taken)
  return results
}

defineCrmElements()
