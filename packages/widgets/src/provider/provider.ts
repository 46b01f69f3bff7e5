import { type DefineResult, defineElement } from '../shared/define-element.js'
import { CrmProviderElement } from './provider.component.js'

export { CrmProviderElement }

/** Register `<crm-provider>` (a second registration warns and keeps the first). */
export function defineProvider(tag = 'crm-provider'): DefineResult {
  return defineElement(tag, CrmProviderElement)
}

declare global {
  interface HTMLElementTagNameMap {
    'crm-provider': CrmProviderElement
  }
}
