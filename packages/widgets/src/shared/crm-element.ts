/**
 * The base of every crmkit widget: the client from `.client` or the nearest provider (context
 * protocol, late providers included), live domain events, the localisation controller, and the
 * `lang`/`dir` of the element's root. It holds no domain logic.
 */

import type { AnyCrmEvent } from '@crmkit/core'
import { ContextConsumer } from '@lit/context'
import { LitElement, type PropertyDeclarations } from 'lit'
import { commonStrings, mergeTranslations } from './common.strings.js'
import {
  type CrmClient,
  type CrmEventSource,
  type CrmSettings,
  crmClientContext,
  crmEventsContext,
  crmSettingsContext,
} from './context.js'
import { LocalizeController, type Translations } from './localize.js'

type ContextProviderEvent = Event & { context?: unknown }

/**
 * Base class of the widgets. Subclasses pass their translations to the constructor and read
 * {@link CrmElement.crm} for the client.
 */
export class CrmElement extends LitElement {
  static override properties: PropertyDeclarations = {
    client: { attribute: false },
    events: { attribute: false },
  }

  /** The client to use; when unset, the nearest `<crm-provider>` (or context provider) supplies it. */
  declare client: CrmClient | undefined
  /** Live event source; when unset, the provider's. Without one the element does not live-update. */
  declare events: CrmEventSource | undefined

  /** Localisation: strings, dates, numbers and money in the element's language. */
  readonly i18n: LocalizeController
  private readonly clientConsumer: ContextConsumer<typeof crmClientContext, this>
  private readonly eventsConsumer: ContextConsumer<typeof crmEventsContext, this>
  private readonly settingsConsumer: ContextConsumer<typeof crmSettingsContext, this>
  private unsubscribeEvents: (() => void) | undefined
  private subscribedTo: CrmEventSource | undefined

  constructor(translations: Translations = {}) {
    super()
    this.i18n = new LocalizeController(this, mergeTranslations(commonStrings, translations))
    this.clientConsumer = new ContextConsumer(this, { context: crmClientContext, subscribe: true })
    this.eventsConsumer = new ContextConsumer(this, { context: crmEventsContext, subscribe: true })
    this.settingsConsumer = new ContextConsumer(this, {
      context: crmSettingsContext,
      subscribe: true,
      callback: (settings) => {
        this.i18n.settings = settings
        this.i18n.refresh()
      },
    })
  }

  /** The client in use: `.client` if set, else the provider's (undefined until one is found). */
  get crm(): CrmClient | undefined {
    return this.client ?? this.clientConsumer.value
  }

  /** The event source in use. */
  protected get eventSource(): CrmEventSource | undefined {
    return this.events ?? this.eventsConsumer.value
  }

  /** Provider settings in effect. */
  protected get settings(): CrmSettings | undefined {
    return this.settingsConsumer.value
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // A provider defined (upgraded) after this element announces itself with `context-provider`;
    // ask again then, so children render data whatever the order of definition.
    document.addEventListener('context-provider', this.onLateProvider)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    document.removeEventListener('context-provider', this.onLateProvider)
    this.unsubscribeEvents?.()
    this.unsubscribeEvents = undefined
    this.subscribedTo = undefined
  }

  private readonly onLateProvider = (event: ContextProviderEvent): void => {
    const provider = event.composedPath()[0]
    if (!(provider instanceof Node) || !containsComposed(provider, this)) return
    const consumer =
      event.context === crmClientContext
        ? this.clientConsumer
        : event.context === crmEventsContext
          ? this.eventsConsumer
          : event.context === crmSettingsContext
            ? this.settingsConsumer
            : undefined
    // Ask again only when no provider answered yet (a nearer one keeps its place otherwise).
    if (consumer && consumer.value === undefined) {
      consumer.hostDisconnected()
      consumer.hostConnected()
    }
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed)
    const source = this.eventSource
    if (source !== this.subscribedTo) {
      this.unsubscribeEvents?.()
      this.subscribedTo = source
      this.unsubscribeEvents = source?.onAny((event) => {
        // A local crm's bus carries every tenant's events: only this client's tenant matters. A
        // remote client knows its tenant only after `ready()` (`tenantId` is '' before), and its
        // stream carries only the events of the tenant its credentials resolve to: all of them count.
        const tenantId = this.crm?.tenantId
        if (tenantId === '' || (tenantId !== undefined && event.tenantId === tenantId)) this.onCrmEvent(event)
      })
    }
  }

  /** Called for every committed domain event of the client's tenant (live updates). */
  protected onCrmEvent(_event: AnyCrmEvent): void {}
}

/** Whether `node` contains `target`, looking through shadow roots. */
export function containsComposed(node: Node, target: Node): boolean {
  let current: Node | null = target
  while (current) {
    if (current === node) return true
    current = current.parentNode ?? (current instanceof ShadowRoot ? current.host : null)
  }
  return false
}
