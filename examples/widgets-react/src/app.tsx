/**
 * The four elements in a React 19 app. React 19 passes objects to custom elements as properties
 * (`client`, `events`) and listens to their events through `on<event-name>` props, so no wrapper
 * components are needed.
 */
import { type Crm, createCrm, type TenantCrm } from '@crmkit/core'
import { memoryStorage } from '@crmkit/storage-adapters/memory'
import type { ContactActivateDetail, DealMoveDetail } from '@crmkit/widgets'
import '@crmkit/widgets/define'
import { useState } from 'react'

/** A crmkit on the memory adapter with a few contacts, a pipeline and two deals. */
export async function createDemoCrm(): Promise<{ crm: Crm; t: TenantCrm; pipelineId: string; firstContactId: string }> {
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

/** Props of {@link App}. */
export interface AppProps {
  readonly crm: Crm
  readonly t: TenantCrm
  readonly pipelineId: string
  readonly firstContactId: string
  /** Called for every move the board asks for (the app could veto it with `preventDefault()`). */
  readonly onMove?: (detail: DealMoveDetail) => void
}

/** The CRM tab of a host app. */
export function App({ crm, t, pipelineId, firstContactId, onMove }: AppProps) {
  const [contactId, setContactId] = useState(firstContactId)
  const [lastMove, setLastMove] = useState('')
  return (
    <crm-provider client={t} events={crm.events} theme="light">
      <crm-contact-list
        label="Contacts"
        style={{ display: 'block', height: '20rem' }}
        oncrm-contact-activate={(event: CustomEvent<ContactActivateDetail>) => setContactId(event.detail.id)}
      />
      <crm-contact-detail contact-id={contactId} />
      <crm-pipeline-board
        pipeline-id={pipelineId}
        oncrm-deal-move={(event: CustomEvent<DealMoveDetail>) => {
          onMove?.(event.detail)
          setLastMove(event.detail.dealId)
        }}
      />
      <output data-testid="last-move">{lastMove}</output>
    </crm-provider>
  )
}
