import { type DefineResult, defineElement } from '../shared/define-element.js'
import { CrmContactListElement } from './contact-list.component.js'

export { CrmContactListElement }

/** Register `<crm-contact-list>` (a second registration warns and keeps the first). */
export function defineContactList(tag = 'crm-contact-list'): DefineResult {
  return defineElement(tag, CrmContactListElement)
}

declare global {
  interface HTMLElementTagNameMap {
    'crm-contact-list': CrmContactListElement
  }
}
