/**
 * The page of the Trusted Types check (loaded into an iframe whose CSP is
 * `require-trusted-types-for 'script'`): a provider holding every element — contact list, pipeline
 * board and contact detail — over a real in-page crm whose records hold the XSS corpus in their text
 * fields. Reports to `window.__done` / `window.__error`.
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
  // The board and the detail render the corpus too: stage names, deal titles, a contact's fields,
  // its timeline and its tasks.
  const payload = xssCorpus[0] ?? ''
  const pipeline = await t.pipelines.create({
    name: payload,
    currency: 'EUR',
    stages: xssCorpus.slice(0, 3).map((name, i) => ({ name: `${name}${i}`, probability: 0.1 * (i + 1) })),
  })
  for (const [i, title] of xssCorpus.entries()) {
    await t.deals.create({ title, pipelineId: pipeline.id, amount: { value: 100 * (i + 1), currency: 'EUR' } })
  }
  const someone = await t.contacts.create({ email: 'detail@example.com', firstName: payload, lastName: payload })
  for (const text of xssCorpus) {
    await t.activities.log({ type: 'note', subject: text, body: text, contactId: someone.id })
    await t.tasks.create({ title: text, dueAt: '2026-11-23T12:00:00.000Z', contactId: someone.id })
  }

  const provider = document.createElement('crm-provider')
  provider.client = t
  provider.events = crm.events
  const list = document.createElement('crm-contact-list')
  list.columns = [{ field: 'name' }, { field: 'title' }, { field: 'custom.note' }]
  list.filter = xssCorpus[0] ?? ''
  const board = document.createElement('crm-pipeline-board')
  board.pipelineId = pipeline.id
  const detail = document.createElement('crm-contact-detail')
  detail.contactId = someone.id
  provider.append(list, board, detail)
  document.body.append(provider)
  await new Promise((resolve) => setTimeout(resolve, 300))
  list.filter = ''
  await new Promise((resolve) => setTimeout(resolve, 800))
  const rows = list.shadowRoot?.querySelectorAll('[role=row][data-row]').length ?? 0
  const boardText = board.shadowRoot?.textContent ?? ''
  const detailText = detail.shadowRoot?.textContent ?? ''
  // The payloads must be on screen as text (not parsed into elements), in every element.
  if (rows !== xssCorpus.length + 1) w.__error = `the list rendered ${rows} rows`
  else if (!xssCorpus.every((text) => boardText.includes(text))) w.__error = 'the board did not render every deal title'
  else if (!detailText.includes(payload)) w.__error = 'the detail did not render the contact'
  else w.__done = true
} catch (error) {
  w.__error = String(error)
}
