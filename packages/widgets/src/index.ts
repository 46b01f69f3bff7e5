/**
 * @crmkit/widgets — Lit web components that host apps embed: a provider and the CRM elements.
 *
 * This entry only exports classes and helpers: importing it defines no tag and makes no request.
 * Import `@crmkit/widgets/define` (or call `defineCrmElements()`) to register the `crm-*` tags.
 *
 * @packageDocumentation
 */

export type { ActivityLogDetail, ContactSaveDetail } from './contact-detail/contact-detail.component.js'
export { CrmContactDetailElement } from './contact-detail/contact-detail.component.js'
export { defineContactDetail } from './contact-detail/contact-detail.js'
export type { ContactListColumn } from './contact-list/columns.js'
export { defaultColumns as defaultContactListColumns } from './contact-list/columns.js'
export type {
  ContactActivateDetail,
  SelectionChangeDetail,
  SortChangeDetail,
} from './contact-list/contact-list.component.js'
export { CrmContactListElement } from './contact-list/contact-list.component.js'
export { defineContactList } from './contact-list/contact-list.js'
export type { ParsedFilter } from './contact-list/filter-text.js'
export { parseFilterText } from './contact-list/filter-text.js'
export type { DealMoveDetail } from './pipeline-board/pipeline-board.component.js'
export { CrmPipelineBoardElement } from './pipeline-board/pipeline-board.component.js'
export { definePipelineBoard } from './pipeline-board/pipeline-board.js'
export { CrmProviderElement } from './provider/provider.component.js'
export { defineProvider } from './provider/provider.js'
export type {
  CrmClient,
  CrmEventSource,
  CrmSettings,
  StringTable,
  WidgetString,
} from './shared/context.js'
export { crmClientContext, crmEventsContext, crmSettingsContext } from './shared/context.js'
export { CrmElement } from './shared/crm-element.js'
export type { DefineResult } from './shared/define-element.js'
export { defineElement } from './shared/define-element.js'
export type {
  CrmLoadErrorDetail,
  CrmReadyDetail,
  CrmWidgetEvent,
  CrmWidgetEventMap,
  CrmWidgetEventName,
  EmitOptions,
} from './shared/events.js'
export { emit } from './shared/events.js'
export type { LoadOptions, LoadRenderers } from './shared/load-controller.js'
export { LoadController } from './shared/load-controller.js'
export type { Translations } from './shared/localize.js'
export { LocalizeController, localeChain, registerTranslations } from './shared/localize.js'
export {
  baseTokens,
  darkColors,
  darkThemeDeclarations,
  lightColors,
  lightThemeDeclarations,
  themeStyles,
  undefinedElementStyles,
} from './shared/tokens.js'
