/**
 * The contexts through which `<crm-provider>` (or any host, Lit or not) hands the CRM to nested
 * elements. They follow the W3C context protocol (`context-request` events): a host without Lit
 * answers the event itself. The keys are `Symbol.for(...)` so two bundles of the widgets on one page
 * still meet.
 */

import type { AnyCrmEvent, TenantCrm } from '@crmkit/core'
import { createContext } from '@lit/context'

/**
 * What the widgets call: a tenant of a local crmkit (`crm.forTenant(...)`) or the remote client.
 * Widgets use only this interface, so the same elements run against either.
 */
export type CrmClient = TenantCrm

/**
 * A source of committed domain events, for live updates: the local crm's bus (`crm.events`)
 * or the remote client's event stream. Only `onAny` is used.
 */
export interface CrmEventSource {
  /** Call `listener` for every committed event; returns a function that unsubscribes. */
  onAny(listener: (event: AnyCrmEvent) => void): () => void
}

/** A string of a widget's UI: a fixed text or a function of the placeholders (plurals, names). */
export type WidgetString = string | ((...args: never[]) => string)

/** Strings by key, for one locale. */
export type StringTable = Readonly<Record<string, WidgetString>>

/** Look and language settings a provider hands down (every field optional). */
export interface CrmSettings {
  /** BCP 47 locale for elements that set no `lang` of their own (else `<html lang>`). */
  readonly locale?: string | undefined
  /** String overrides by locale (`{ de: { 'contactList.empty': 'Keine Kontakte' } }`); `'*'` for every locale. */
  readonly strings?: Readonly<Record<string, StringTable>> | undefined
}

/** Context of the {@link CrmClient}. */
export const crmClientContext = createContext<CrmClient | undefined>(Symbol.for('@crmkit/widgets:client'))

/** Context of the {@link CrmEventSource} for live updates. */
export const crmEventsContext = createContext<CrmEventSource | undefined>(Symbol.for('@crmkit/widgets:events'))

/** Context of the {@link CrmSettings}. */
export const crmSettingsContext = createContext<CrmSettings | undefined>(Symbol.for('@crmkit/widgets:settings'))
