/**
 * `<crm-contact-detail>`: one contact's fields, companies, timeline and tasks.
 */
import type { Activity, AnyCrmEvent, Company, Contact, CustomFieldDefinition, Task } from '@crmkit/core'
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit'
import { keyed } from 'lit/directives/keyed.js'
import type { CrmClient } from '../shared/context.js'
import { CrmElement } from '../shared/crm-element.js'
import { emit } from '../shared/events.js'
import { LoadController } from '../shared/load-controller.js'
import { emptyTemplate, errorMessage } from '../shared/states.js'
import { contactDetailTranslations } from './contact-detail.strings.js'
import { contactDetailStyles } from './contact-detail.styles.js'
import { type FieldErrors, fieldErrors, patchFromForm, renderContactForm } from './contact-form.js'
import { renderLogForm, renderTasks, renderTimeline } from './contact-timeline.js'

/** Detail of `crm-contact-save`: the contact as saved. */
export interface ContactSaveDetail {
  readonly contact: Contact
}

/** Detail of `crm-activity-log`: the activity logged. */
export interface ActivityLogDetail {
  readonly activity: Activity
}

declare module '../shared/events.js' {
  interface CrmWidgetEventMap {
    'crm-contact-save': ContactSaveDetail
    'crm-activity-log': ActivityLogDetail
  }
}

/** Everything the element shows, loaded together. */
interface DetailData {
  readonly contact: Contact
  readonly definitions: readonly CustomFieldDefinition[]
  readonly companies: readonly Company[]
  readonly activities: readonly Activity[]
  readonly tasks: readonly Task[]
}

/** Newest activities shown. */
const TIMELINE_LIMIT = 50

/**
 * A contact: its fields and custom fields in an editable form (the core's validation messages
 * appear at the field), its companies, its activity timeline with a form to log a call, note
 * or meeting, and its tasks with due dates. A save that meets someone else's newer write (a
 * version ConflictError) keeps the user's edits and offers to reload or to overwrite.
 *
 * @summary One contact: editable fields, companies, activity timeline and tasks.
 * @tag crm-contact-detail
 *
 * @event crm-contact-save - The user saved the contact; detail `{ contact }`.
 * @event crm-activity-log - The user logged an activity; detail `{ activity }`.
 * @event crm-ready - The contact is loaded.
 * @event crm-load-error - Loading failed; detail `{ element, error }`.
 *
 * @csspart root - The element's content.
 * @csspart name - The contact's name (heading).
 * @csspart live - The visually hidden status region (saved, logged...).
 * @csspart section - Each section (details, companies, timeline, tasks).
 * @csspart field - A labelled field of the form.
 * @csspart field-error - A field's validation message.
 * @csspart save-button - Saves the form.
 * @csspart reset-button - Discards the edits.
 * @csspart conflict - The "changed by someone else" notice.
 * @csspart companies - The list of companies.
 * @csspart timeline - The activity timeline (`<ol>`).
 * @csspart timeline-item - One activity.
 * @csspart timeline-type - An activity's type.
 * @csspart timeline-empty - The message of an empty timeline.
 * @csspart log-form - The form that logs an activity.
 * @csspart log-button - Its submit button.
 * @csspart tasks - The task list.
 * @csspart task - One task.
 * @csspart tasks-empty - The message of an empty task list.
 * @csspart task-form - The form that adds a task.
 * @csspart task-button - Its submit button.
 * @csspart loading - The loading state.
 * @csspart empty - The "no such contact" state.
 * @csspart error - The error state (`role="alert"`).
 * @csspart error-detail - The error's message.
 * @csspart retry - The error state's retry button.
 *
 * @cssproperty --crm-contact-detail-columns - Grid columns of the form. Default `repeat(auto-fill, minmax(14rem, 1fr))`.
 */
export class CrmContactDetailElement extends CrmElement {
  static override styles = contactDetailStyles

  static override properties: PropertyDeclarations = {
    ...CrmElement.properties,
    contactId: { attribute: 'contact-id' },
    now: { attribute: false },
    data: { state: true },
    errors: { state: true },
    conflict: { state: true },
    notice: { state: true },
    busy: { state: true },
    formKey: { state: true },
  }

  /** Id of the contact to show. */
  declare contactId: string | undefined
  /** "Now" for relative dates, in ms (default: the time of rendering). */
  declare now: number | undefined

  protected data: DetailData | null | undefined
  protected errors: FieldErrors = new Map()
  /** The patch that met a newer version, kept for "overwrite". */
  protected conflict: Record<string, unknown> | undefined
  protected notice = ''
  protected busy = false
  /** Bumped to re-create the form (discarding what the user typed). */
  protected formKey = 0
  private loaded: DetailData | null | undefined

  private readonly load = new LoadController(this, {
    args: () => [this.contactId] as const,
    load: (client, [contactId], signal) => loadDetail(client, contactId, signal),
  })

  constructor() {
    super(contactDetailTranslations)
  }

  /** Load everything again (discards unsaved edits). */
  reload(): void {
    this.load.retry()
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed)
    const value = this.load.task.value
    if (value !== undefined && value !== this.loaded) {
      this.loaded = value
      this.data = value
      this.formKey++
      this.errors = new Map()
      this.conflict = undefined
    }
  }

  protected override onCrmEvent(event: AnyCrmEvent): void {
    const data = this.data
    if (!data) return
    const payload = event.payload as { contact?: Contact; activity?: Activity; task?: Task }
    if (payload.contact?.id === data.contact.id) {
      if (event.type === 'contact.deleted') this.data = null
      // Fields the user is editing stay as typed; a save then meets the newer version.
      else if (event.type === 'contact.updated' && !this.editing()) this.setContact(payload.contact)
    } else if (payload.activity?.contactId === data.contact.id || payload.task?.contactId === data.contact.id) {
      void this.refreshLists()
    }
  }

  private editing(): boolean {
    const form = this.renderRoot.querySelector<HTMLFormElement>('form.details')
    return (
      !!form && !!this.data && Object.keys(patchFromForm(form, this.data.contact, this.data.definitions)).length > 0
    )
  }

  private setContact(contact: Contact) {
    if (!this.data) return
    this.data = { ...this.data, contact }
    this.formKey++
  }

  private async refreshLists() {
    const client = this.crm
    const data = this.data
    if (!client || !data) return
    const [activities, tasks] = await Promise.all([
      client.activities.timeline({ contactId: data.contact.id, limit: TIMELINE_LIMIT }),
      client.tasks.list({
        where: { field: 'contactId', op: 'eq', value: data.contact.id },
        sort: { field: 'dueAt' },
        limit: 200,
      }),
    ])
    if (this.data?.contact.id === data.contact.id)
      this.data = { ...this.data, activities: activities.items, tasks: tasks.items }
  }

  // --- saving ------------------------------------------------------------------------------

  private onSave = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = this.data
    if (!data) return
    const patch = patchFromForm(form, data.contact, data.definitions)
    if (Object.keys(patch).length === 0) {
      this.notice = this.i18n.t('contactDetail.nothingChanged')
      return
    }
    await this.write(patch as Record<string, unknown>, data.contact.version)
  }

  private async write(patch: Record<string, unknown>, expectedVersion: number) {
    const client = this.crm
    const data = this.data
    if (!client || !data) return
    this.busy = true
    this.notice = ''
    try {
      const saved = await client.contacts.update(data.contact.id, patch, { expectedVersion })
      this.errors = new Map()
      this.conflict = undefined
      this.setContact(saved)
      this.notice = this.i18n.t('contactDetail.saved')
      emit(this, 'crm-contact-save', { contact: saved })
    } catch (error) {
      const e = error as {
        code?: string
        kind?: string
        key?: string
        issues?: { path: (string | number)[]; message: string }[]
      }
      if (e.code === 'VALIDATION' && e.issues) {
        this.errors = fieldErrors(e.issues)
        await this.updateComplete
        this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      } else if (e.code === 'CONFLICT' && e.kind === 'version') {
        this.conflict = patch
        await this.updateComplete
        this.renderRoot.querySelector<HTMLElement>('[part="conflict"] button')?.focus()
      } else if (e.code === 'CONFLICT' && e.kind === 'unique' && e.key) {
        this.errors = new Map([[e.key, errorMessage(error)]])
      } else {
        this.notice = `${this.i18n.t('contactDetail.saveFailed')} ${errorMessage(error)}`
      }
    } finally {
      this.busy = false
    }
  }

  private onOverwrite = async () => {
    const client = this.crm
    const data = this.data
    const patch = this.conflict
    if (!client || !data || !patch) return
    const current = await client.contacts.get(data.contact.id)
    if (!current) {
      this.data = null
      return
    }
    // The user's edits over the newer version: only the fields they changed are written.
    this.data = { ...data, contact: current }
    await this.write(patch, current.version)
  }

  private onReset = () => {
    this.errors = new Map()
    this.notice = ''
  }

  // --- timeline and tasks ------------------------------------------------------------------

  private onLog = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const client = this.crm
    const data = this.data
    if (!client || !data) return
    const values = new FormData(form)
    const body = String(values.get('body') ?? '').trim()
    this.busy = true
    try {
      const activity = await client.activities.log({
        type: String(values.get('type')) as 'call' | 'note' | 'meeting',
        subject: String(values.get('subject') ?? '').trim(),
        body: body === '' ? null : body,
        contactId: data.contact.id,
      })
      form.reset()
      this.notice = this.i18n.t('contactDetail.logged')
      emit(this, 'crm-activity-log', { activity })
      await this.refreshLists()
    } catch (error) {
      this.notice = `${this.i18n.t('contactDetail.saveFailed')} ${errorMessage(error)}`
    } finally {
      this.busy = false
    }
  }

  private onAddTask = async (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const client = this.crm
    const data = this.data
    if (!client || !data) return
    const values = new FormData(form)
    const due = String(values.get('due') ?? '')
    this.busy = true
    try {
      await client.tasks.create({
        title: String(values.get('title') ?? '').trim(),
        // A due date is the end of that day in the user's time zone.
        dueAt: due ? new Date(`${due}T23:59:59`).toISOString() : null,
        contactId: data.contact.id,
      })
      form.reset()
      this.notice = this.i18n.t('contactDetail.taskAdded')
      await this.refreshLists()
    } catch (error) {
      this.notice = `${this.i18n.t('contactDetail.saveFailed')} ${errorMessage(error)}`
    } finally {
      this.busy = false
    }
  }

  private onToggleTask = async (task: Task) => {
    const client = this.crm
    if (!client) return
    try {
      if (task.status === 'completed') await client.tasks.reopen(task.id, { expectedVersion: task.version })
      else await client.tasks.complete(task.id, { expectedVersion: task.version })
    } catch (error) {
      this.notice = `${this.i18n.t('contactDetail.saveFailed')} ${errorMessage(error)}`
    }
    await this.refreshLists()
  }

  // --- render ------------------------------------------------------------------------------

  protected override render() {
    return html`<div class="root" part="root" lang=${this.i18n.lang} dir=${this.i18n.dir} aria-busy=${this.load.pending ? 'true' : 'false'}>
      ${this.load.render({
        complete: () =>
          this.data ? this.renderDetail(this.data) : emptyTemplate(this.i18n.t('contactDetail.notFound')),
      })}
      <div class="visually-hidden" role="status" aria-live="polite" part="live">${this.notice}</div>
    </div>`
  }

  private renderDetail(data: DetailData) {
    const { contact } = data
    const now = this.now ?? Date.now()
    const name =
      [contact.firstName, contact.lastName].filter(Boolean).join(' ') ||
      contact.email ||
      this.i18n.t('contactDetail.unnamed')
    return html`<article aria-labelledby="contact-name">
      <h2 id="contact-name" part="name">${name}</h2>
      ${this.conflict ? this.renderConflict() : nothing}
      <section part="section" aria-labelledby="details-heading">
        <h3 id="details-heading">${this.i18n.t('contactDetail.details')}</h3>
        ${keyed(
          this.formKey,
          html`<form class="details" novalidate @submit=${this.onSave} @reset=${this.onReset}>
            ${renderContactForm(contact, data.definitions, this.errors, this.i18n, this.busy)}
          </form>`,
        )}
      </section>
      <section part="section" aria-labelledby="companies-heading">
        <h3 id="companies-heading">${this.i18n.t('contactDetail.companies')}</h3>
        ${
          data.companies.length === 0
            ? html`<p class="muted">${this.i18n.t('contactDetail.noCompanies')}</p>`
            : html`<ul part="companies" class="companies">
                ${data.companies.map((c) => html`<li>${c.name}${c.domain ? html` <span class="muted">(${c.domain})</span>` : nothing}</li>`)}
              </ul>`
        }
      </section>
      <section part="section" aria-labelledby="timeline-heading">
        <h3 id="timeline-heading">${this.i18n.t('contactDetail.timeline')}</h3>
        ${renderLogForm(this.i18n, this.busy, this.onLog)} ${renderTimeline(data.activities, this.i18n, now)}
      </section>
      <section part="section" aria-labelledby="tasks-heading">
        <h3 id="tasks-heading">${this.i18n.t('contactDetail.tasks')}</h3>
        ${renderTasks(data.tasks, this.i18n, now, this.busy, this.onToggleTask, this.onAddTask)}
      </section>
    </article>`
  }

  private renderConflict() {
    return html`<div class="conflict" part="conflict" role="alert">
      <p>${this.i18n.t('contactDetail.conflict')}</p>
      <button type="button" class="secondary" @click=${() => this.reload()}>${this.i18n.t('contactDetail.reload')}</button>
      <button type="button" @click=${this.onOverwrite}>${this.i18n.t('contactDetail.overwrite')}</button>
    </div>`
  }
}

async function loadDetail(
  client: CrmClient,
  contactId: string | undefined,
  signal: AbortSignal,
): Promise<DetailData | null> {
  if (!contactId) return null
  const contact = await client.contacts.get(contactId)
  signal.throwIfAborted()
  if (!contact) return null
  const [definitions, companies, activities, tasks] = await Promise.all([
    contactFieldDefinitions(client),
    Promise.all(contact.companyIds.map((id) => client.companies.get(id))),
    client.activities.timeline({ contactId, limit: TIMELINE_LIMIT }),
    client.tasks.list({
      where: { field: 'contactId', op: 'eq', value: contactId },
      sort: { field: 'dueAt' },
      limit: 200,
    }),
  ])
  signal.throwIfAborted()
  return {
    contact,
    definitions,
    companies: companies.filter((c): c is Company => c !== null),
    activities: activities.items,
    tasks: tasks.items,
  }
}

/**
 * Every contact custom-field definition, page by page: 500 a page, the most `createCrmHandler`
 * serves by default (`maxListLimit`), so the detail loads on the remote client too.
 */
async function contactFieldDefinitions(client: CrmClient): Promise<CustomFieldDefinition[]> {
  const out: CustomFieldDefinition[] = []
  let cursor: string | undefined
  do {
    const page = await client.customFields.list({ entity: 'contact', limit: 500, ...(cursor ? { cursor } : {}) })
    out.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return out
}
