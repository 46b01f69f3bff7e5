/**
 * Acceptance row 22: an XSS corpus in every text field runs no script and creates no element; a page
 * under `require-trusted-types-for 'script'` (Trusted Types enforced) reports 0 violations.
 */
import type { TenantCrm } from '@crmkit/core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import type { CrmContactListElement } from '../contact-list/contact-list.component.js'
import { defineCrmElements } from '../define.js'
import { createTestCrm, settled, waitFor } from '../testing/crm.js'
import { injectedElements, xssCorpus } from '../testing/xss.js'

const w = window as unknown as { __xss?: unknown }
let t: TenantCrm
const containers: HTMLElement[] = []

beforeAll(async () => {
  defineCrmElements()
  ;({ t } = await createTestCrm())
  await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note', type: 'text' })
  for (const [i, payload] of xssCorpus.entries()) {
    await t.contacts.create({
      email: `x${i}@example.com`,
      firstName: payload,
      lastName: payload,
      title: payload,
      phone: payload.slice(0, 30),
      city: payload,
      custom: { note: payload },
    })
  }
})
afterEach(() => {
  for (const c of containers.splice(0)) c.remove()
})

function mountList(client: TenantCrm): CrmContactListElement {
  const el = document.createElement('crm-contact-list')
  el.style.setProperty('--crm-contact-list-height', '900px')
  el.columns = ['name', 'firstName', 'lastName', 'email', 'title', 'phone', 'city', 'custom.note'].map((field) => ({
    field,
  }))
  el.client = client
  const container = document.createElement('div')
  container.append(el)
  document.body.append(container)
  containers.push(container)
  return el
}

describe('row 22: XSS', () => {
  it('the corpus in every text field renders as text and runs nothing', async () => {
    const el = mountList(t)
    await waitFor(
      () => (el.shadowRoot?.querySelectorAll('[role=row][data-row]').length ?? 0) === xssCorpus.length,
      'rows',
    )
    await settled(el)
    const texts = [...(el.shadowRoot?.querySelectorAll('[role=gridcell]') ?? [])].map((c) => c.textContent)
    for (const payload of xssCorpus) expect(texts).toContain(payload)
    // Typed into the filter box too (it becomes a search and filter conditions).
    for (const payload of xssCorpus.slice(0, 4)) {
      const input = el.shadowRoot?.querySelector('input') as HTMLInputElement
      input.focus()
      input.select()
      await userEvent.keyboard(payload.replace(/[{[]/g, (c) => c + c))
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(w.__xss).toBeUndefined()
    expect(containers.flatMap((c) => injectedElements(c))).toEqual([])
  })

  it('an error message with markup is shown as text', async () => {
    const failing = {
      ...t,
      contacts: { ...t.contacts, list: () => Promise.reject(new Error(xssCorpus[0])) },
    } as TenantCrm
    const el = mountList(failing)
    await waitFor(() => el.shadowRoot?.querySelector('[role=alert]') !== null, 'the error state')
    expect(el.shadowRoot?.querySelector('[part=error-detail]')?.textContent).toBe(xssCorpus[0])
    expect(w.__xss).toBeUndefined()
    expect(containers.flatMap((c) => injectedElements(c))).toEqual([])
  })
})

describe('row 22: Trusted Types', () => {
  it("a page under require-trusted-types-for 'script' reports 0 violations", async () => {
    const frame = document.createElement('iframe')
    const page = new URL('./tt-page.ts', import.meta.url).href
    frame.style.cssText = 'width:800px;height:700px'
    // The violation listener is the first script of the page; the CSP comes before everything. The
    // modules come from the test server, whose dynamic imports call the runner's wrapper: a pass-through here.
    frame.srcdoc = `<!doctype html><html lang="en"><head>
      <meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'; object-src 'none'; base-uri 'none'">
      <title>Trusted Types</title>
      <script>window.__vitest_browser_runner__ = { wrapDynamicImport: (load) => load() }; window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample))</script>
      </head><body><main><script type="module" src="${page}"></script></main></body></html>`
    document.body.append(frame)
    const fw = () =>
      frame.contentWindow as unknown as {
        __done?: boolean
        __error?: string
        __violations?: string[]
        __xss?: unknown
        trustedTypes?: unknown
      }
    try {
      await waitFor(() => fw()?.__done === true || fw()?.__error !== undefined, 'the Trusted Types page', 20_000)
      expect(fw().__error).toBeUndefined()
      expect(fw().trustedTypes).toBeDefined()
      expect(fw().__violations).toEqual([])
      expect(fw().__xss).toBeUndefined()
      // Control: the policy is really enforced in that page (a string to innerHTML is refused).
      const div = frame.contentDocument?.createElement('div') as HTMLDivElement
      expect(() => {
        div.innerHTML = '<b>x</b>'
      }).toThrow(/TrustedHTML/)
    } finally {
      frame.remove()
    }
  })
})
