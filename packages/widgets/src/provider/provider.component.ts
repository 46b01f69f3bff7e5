import { ContextProvider } from '@lit/context'
import { html, LitElement, type PropertyDeclarations, type PropertyValues } from 'lit'
import {
  type CrmClient,
  type CrmEventSource,
  type CrmSettings,
  crmClientContext,
  crmEventsContext,
  crmSettingsContext,
  type StringTable,
} from '../shared/context.js'
import { providerStyles } from './provider.styles.js'

/**
 * Hands a crmkit client to every nested widget, through the W3C context protocol (@lit/context), so
 * the widgets inside need no wiring. Also sets the locale, the theme, the density and string
 * overrides of its subtree. Widgets defined before the provider still find it.
 *
 * @summary Provides the CRM client, locale, theme and strings to nested widgets.
 * @tag crm-provider
 * @slot - The widgets (and any other content) that use this provider.
 * @cssproperty --crm-color-accent - Accent colour of buttons, focus rings and sort arrows.
 * @cssproperty --crm-color-surface - Background of the widgets.
 * @cssproperty --crm-color-text - Text colour of the widgets.
 * @cssproperty --crm-font-family - Font of the widgets.
 * @cssproperty --crm-density-scale - Spacing multiplier (0.75 compact, 1 comfortable).
 */
export class CrmProviderElement extends LitElement {
  static override styles = providerStyles
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    events: { attribute: false },
    locale: { type: String },
    theme: { type: String, reflect: true },
    density: { type: String, reflect: true },
    strings: { attribute: false },
  }

  /** The client the nested widgets use: `crm.forTenant(...)` of a local crmkit, or the remote client. */
  declare client: CrmClient | undefined
  /** Committed domain events for live updates: the local `crm.events`, or the remote client's stream. */
  declare events: CrmEventSource | undefined
  /** Locale of nested widgets without a `lang` of their own (BCP 47); default: `<html lang>`. */
  declare locale: string | undefined
  /** `light`, `dark`, or `auto` (follows prefers-color-scheme); unset: inherit the page's tokens. */
  declare theme: 'light' | 'dark' | 'auto' | undefined
  /** `compact` or `comfortable` spacing. */
  declare density: 'compact' | 'comfortable' | undefined
  /** String overrides by locale, e.g. `{ de: { 'contactList.empty': 'Keine Kontakte' }, '*': {...} }`. */
  declare strings: Readonly<Record<string, StringTable>> | undefined

  private readonly clientProvider = new ContextProvider(this, { context: crmClientContext })
  private readonly eventsProvider = new ContextProvider(this, { context: crmEventsContext })
  private readonly settingsProvider = new ContextProvider(this, { context: crmSettingsContext })

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('client')) this.clientProvider.setValue(this.client)
    if (changed.has('events')) this.eventsProvider.setValue(this.events)
    if (changed.has('locale') || changed.has('strings') || !this.settingsProvider.value) {
      const settings: CrmSettings = { locale: this.locale, strings: this.strings }
      this.settingsProvider.setValue(settings)
    }
  }

  protected override render(): unknown {
    return html`<slot></slot>`
  }
}
