import { ContextConsumer } from '@lit/context'
import { html, LitElement } from 'lit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { crmClientContext } from '../shared/context.js'
import { CrmElement } from '../shared/crm-element.js'
import { defineElement } from '../shared/define-element.js'
import { createTestCrm, waitFor } from '../testing/crm.js'
import { CrmProviderElement } from './provider.component.js'

class ProbeElement extends CrmElement {
  protected override render(): unknown {
    return html`<span>${this.crm ? 'client' : 'none'}</span>`
  }
}

const containers: HTMLElement[] = []
afterEach(() => {
  for (const c of containers.splice(0)) c.remove()
})

function place(): HTMLElement {
  const container = document.createElement('div')
  document.body.append(container)
  containers.push(container)
  return container
}

describe('<crm-provider>', () => {
  it('hands its client to nested elements, through a shadow root too', async () => {
    defineElement('crm-test-probe', ProbeElement)
    defineElement('crm-provider', CrmProviderElement)
    const { t } = await createTestCrm()
    const container = place()
    container.innerHTML = '<crm-provider><crm-test-probe></crm-test-probe><div id="shadow-host"></div></crm-provider>'
    const provider = container.querySelector('crm-provider') as CrmProviderElement
    provider.client = t
    // A probe inside another shadow root still finds the provider.
    const shadow = (container.querySelector('#shadow-host') as HTMLElement).attachShadow({ mode: 'open' })
    shadow.innerHTML = '<crm-test-probe></crm-test-probe>'
    const probes = [container.querySelector('crm-test-probe'), shadow.querySelector('crm-test-probe')] as ProbeElement[]
    await waitFor(() => probes.every((p) => p.shadowRoot?.textContent === 'client'), 'probes to see the client')
    expect(probes.map((p) => p.crm)).toEqual([t, t])
  })

  it('row 3: children render data even when the provider is defined after them', async () => {
    defineElement('crm-test-probe', ProbeElement)
    const { t } = await createTestCrm()
    const container = place()
    // An undefined tag name: the provider class is registered under it only after the children connected.
    container.innerHTML = '<crm-late-provider><crm-test-probe></crm-test-probe></crm-late-provider>'
    const probe = container.querySelector('crm-test-probe') as ProbeElement
    await probe.updateComplete
    expect(probe.shadowRoot?.textContent).toBe('none')
    const late = container.querySelector('crm-late-provider') as HTMLElement & { client?: unknown }
    late.client = t // set before upgrade: Lit picks up the pre-upgrade property
    customElements.define('crm-late-provider', class extends CrmProviderElement {})
    await waitFor(() => probe.shadowRoot?.textContent === 'client', 'the probe to find the late provider')
    expect(probe.crm).toBe(t)
  })

  it('answers the context protocol so a non-Lit host can provide the client too', async () => {
    const { t } = await createTestCrm()
    const container = place()
    // A plain DOM host answers `context-request` events itself (no Lit, no @lit/context).
    container.addEventListener('context-request', (event) => {
      const request = event as Event & { context: unknown; callback: (value: unknown) => void }
      if (request.context === crmClientContext) {
        event.stopPropagation()
        request.callback(t)
      }
    })
    defineElement('crm-test-probe', ProbeElement)
    container.innerHTML = '<crm-test-probe></crm-test-probe>'
    const probe = container.querySelector('crm-test-probe') as ProbeElement
    await waitFor(() => probe.shadowRoot?.textContent === 'client', 'the probe to get the client from a plain host')
  })

  it('a Lit consumer with the same Symbol.for key gets the value (two bundles meet)', async () => {
    const { t } = await createTestCrm()
    class Other extends LitElement {
      consumer = new ContextConsumer(this, { context: crmClientContext, subscribe: true })
    }
    customElements.define('crm-test-other-consumer', Other)
    defineElement('crm-provider', CrmProviderElement)
    const container = place()
    container.innerHTML = '<crm-provider><crm-test-other-consumer></crm-test-other-consumer></crm-provider>'
    ;(container.querySelector('crm-provider') as CrmProviderElement).client = t
    const other = container.querySelector('crm-test-other-consumer') as Other
    await waitFor(() => other.consumer.value === t, 'the other consumer to get the client')
  })
})

describe('row 2: double registration', () => {
  it('a second definition of a tag warns once and never throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    defineElement('crm-provider', CrmProviderElement)
    expect(() => defineElement('crm-provider', class extends CrmProviderElement {})).not.toThrow()
    expect(warn).toHaveBeenCalledTimes(1)
    warn.mockRestore()
  })
})
