/**
 * Registers `<crm-contact-detail>` (a side effect when called; the class alone is in
 * `./contact-detail.component.js`).
 */
import { type DefineResult, defineElement } from '../shared/define-element.js'
import { CrmContactDetailElement } from './contact-detail.component.js'

export { CrmContactDetailElement }

/** Register `<crm-contact-detail>` (a second registration warns and keeps the first). */
export function defineContactDetail(tag = 'crm-contact-detail'): DefineResult {
  return defineElement(tag, CrmContactDetailElement)
}

declare global {
  interface HTMLElementTagNameMap {
    'crm-contact-detail': CrmContactDetailElement
  }
}
