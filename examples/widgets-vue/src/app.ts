/**
 * The four elements in a Vue 3 app, with render functions (no SFC compiler needed; with templates,
 * tell the compiler `isCustomElement: (tag) => tag.startsWith('crm-')`). Vue sets
 * `client` and `events` as DOM properties (the elements define them) and listens to `crm-*`
 * events through `on…` props, which it hyphenates: `onCrmDealMove` -> `crm-deal-move`.
 */
import { type Crm, createCrm, type TenantCrm } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import type { ContactActivateDetail, DealMoveDetail } from '@crmkit/widgets'
import '@crmkit/widgets/define'
import { type App, createApp, h, ref } from 'vue'

/** What the app shows. */
export interface Demo {
  readonly crm: Crm
  readonly t: TenantCrm
  readonly pipelineId: string
  readonly firstContactId: string
}

/** A crmkit on the memory adapter with a few contacts, a pipeline and a deal. */
export async function createDemoCrm(): Promise<Demo> {
  const crm = createCrm({ storage: memoryStorage() })
  await crm.migrate()
  const t = crm.forTenant('demo', { actor: 'demo-user' })
  const ada = await t.contacts.create({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' })
  await t.contacts.create({ firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' })
  const pipeline = await t.pipelines.create({
    name: 'Sales',
    currency: 'EUR',
    stages: [
      { name: 'Lead', probability: 0.1 },
      { name: 'Proposal', probability: 0.5 },
      { name: 'Won', probability: 1, kind: 'won' },
    ],
  })
  await t.deals.create({
    title: 'Acme renewal',
    pipelineId: pipeline.id,
    stageId: pipeline.stages[1]?.id,
    amount: { value: 12_000_00, currency: 'EUR' },
  })
  return { crm, t, pipelineId: pipeline.id, firstContactId: ada.id }
}

/** Mount the CRM tab in `el`; `onMove` sees every move the board asks for. */
export function mountApp(el: Element, demo: Demo, onMove?: (detail: DealMoveDetail) => void): App {
  const app = createApp({
    setup() {
      const contactId = ref(demo.firstContactId)
      const lastMove = ref('')
      return () =>
        h('crm-provider', { client: demo.t, events: demo.crm.events, theme: 'light' }, [
          h('crm-contact-list', {
            label: 'Contacts',
            style: { display: 'block', height: '20rem' },
            onCrmContactActivate: (event: CustomEvent<ContactActivateDetail>) => {
              contactId.value = event.detail.id
            },
          }),
          h('crm-contact-detail', { contactId: contactId.value }),
          h('crm-pipeline-board', {
            pipelineId: demo.pipelineId,
            onCrmDealMove: (event: CustomEvent<DealMoveDetail>) => {
              onMove?.(event.detail)
              lastMove.value = event.detail.dealId
            },
          }),
          h('output', { 'data-testid': 'last-move' }, lastMove.value),
        ])
    },
  })
  app.mount(el)
  return app
}
