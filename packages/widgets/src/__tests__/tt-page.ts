/**
 * The page of the Trusted Types check (loaded into an iframe whose CSP is
 * `require-trusted-types-for 'script'`): a provider and a contact list over a real in-page crm whose
 * contacts hold the XSS corpus. Reports to `window.__done` / `window.__error`.
 */
import { defineCrmElements } from '../define.js'
import { createLocalCrm } from '../testing/local-crm.js'
import { xssCorpus } from '../testing/xss.js'

const w = window as unknown as { __done?: boolean; __error?: string }
try {
  defineCrmElements()
  // An in-page crm of its own: this iframe has no test runner to ask which client to use.
  const { crm, t } = await createLocalCrm('acme')
  await t.customFields.define({ entity: 'contact', key: 'note', label: 'Note', type: 'text' })
  for (const [i, payload] of xssCorpus.entries()) {
    await t.contacts.create({
      email: `x${i}@example.com`,
      firstName: payload,
      lastName: payload,
      title: payload,
      custom: { note: payload },
    })
  }
  const provider = document.createElement('crm-provider')
  provider.client = t
  provider.events = crm.events
  const list = document.createElement('crm-contact-list')
  list.columns = [{ field: 'name' }, { field: 'title' }, { field: 'custom.note' }]
  list.filter = xssCorpus[0] ?? ''
  provider.append(list)
  document.body.append(provider)
  await new Promise((resolve) => setTimeout(resolve, 300))
  list.filter = ''
  await new Promise((resolve) => setTimeout(resolve, 500))
  w.__done = (list.shadowRoot?.querySelectorAll('[role=row][data-row]').length ?? 0) === xssCorpus.length
  if (!w.__done) w.__error = 'rows did not render'
} catch (error) {
  w.__error = String(error)
}
