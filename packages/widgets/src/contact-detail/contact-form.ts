/**
 * The contact's editable fields as a native form: built-in fields and the tenant's custom
 * fields, each labelled, with the core's validation message shown at the field
 * (`aria-invalid` + `aria-describedby`, in the same shadow root as the input).
 */
import type { Contact, ContactPatch, CustomFieldDefinition } from '@crmkit/core'
import { html, nothing, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { LocalizeController } from '../shared/localize.js'

/** The built-in fields the form edits, in display order. */
export const contactFields = ['firstName', 'lastName', 'email', 'phone', 'title', 'ownerId'] as const

const inputTypes: Partial<Record<(typeof contactFields)[number], string>> = { email: 'email', phone: 'tel' }

/** Lifecycle stages, as in core (the widget imports types only). */
export const lifecycleStages = [
  'subscriber',
  'lead',
  'marketingQualifiedLead',
  'salesQualifiedLead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const

/** Field errors by path (`email`, `custom.plan`). */
export type FieldErrors = ReadonlyMap<string, string>

const fieldId = (path: string) => `field-${path.replace(/[^a-zA-Z0-9_-]/g, '_')}`

function errorOf(errors: FieldErrors, path: string) {
  const message = errors.get(path)
  return {
    invalid: message ? 'true' : 'false',
    describedBy: message ? `${fieldId(path)}-error` : nothing,
    text: message
      ? html`<p class="field-error" part="field-error" id=${`${fieldId(path)}-error`}>${message}</p>`
      : nothing,
  }
}

/** The `<form>` of a contact's fields. `key` changes re-create it (a reload discards edits). */
export function renderContactForm(
  contact: Contact,
  definitions: readonly CustomFieldDefinition[],
  errors: FieldErrors,
  i18n: LocalizeController,
  busy: boolean,
): TemplateResult {
  return html`<div class="fields">
      ${contactFields.map((name) => {
        const e = errorOf(errors, name)
        return html`<div class="field" part="field">
          <label for=${fieldId(name)}>${i18n.t(`contactDetail.field.${name}`)}</label>
          <input
            id=${fieldId(name)}
            name=${name}
            type=${inputTypes[name] ?? 'text'}
            .value=${contact[name] ?? ''}
            aria-invalid=${e.invalid}
            aria-describedby=${e.describedBy}
            autocomplete="off"
          />
          ${e.text}
        </div>`
      })}
      ${renderLifecycle(contact, errors, i18n)}
      ${repeat(
        definitions,
        (d) => d.id,
        (d) => renderCustomField(d, contact.custom[d.key], errors),
      )}
    </div>
    <div class="actions">
      <button type="submit" part="save-button" ?disabled=${busy}>${i18n.t('contactDetail.save')}</button>
      <button type="reset" part="reset-button" class="secondary" ?disabled=${busy}>${i18n.t('contactDetail.discard')}</button>
    </div>`
}

function renderLifecycle(contact: Contact, errors: FieldErrors, i18n: LocalizeController) {
  const e = errorOf(errors, 'lifecycleStage')
  return html`<div class="field" part="field">
    <label for=${fieldId('lifecycleStage')}>${i18n.t('contactDetail.field.lifecycleStage')}</label>
    <select id=${fieldId('lifecycleStage')} name="lifecycleStage" aria-invalid=${e.invalid} aria-describedby=${e.describedBy}>
      ${lifecycleStages.map(
        (stage) =>
          html`<option value=${stage} ?selected=${contact.lifecycleStage === stage}>${i18n.t(`contactDetail.lifecycle.${stage}`)}</option>`,
      )}
    </select>
    ${e.text}
  </div>`
}

function renderCustomField(def: CustomFieldDefinition, value: unknown, errors: FieldErrors) {
  const path = `custom.${def.key}`
  const id = fieldId(path)
  const e = errorOf(errors, path)
  if (def.type === 'multiselect') {
    const chosen = new Set(Array.isArray(value) ? value.map(String) : [])
    return html`<fieldset class="field" part="field" aria-invalid=${e.invalid} aria-describedby=${e.describedBy}>
      <legend>${def.label}</legend>
      ${def.options.map(
        (option, i) =>
          html`<label class="check"><input type="checkbox" name=${path} value=${option} id=${`${id}-${i}`} .checked=${chosen.has(option)} />${option}</label>`,
      )}
      ${e.text}
    </fieldset>`
  }
  if (def.type === 'boolean') {
    return html`<div class="field check-field" part="field">
      <label class="check" for=${id}><input type="checkbox" id=${id} name=${path} value="true" .checked=${value === true} aria-invalid=${e.invalid} aria-describedby=${e.describedBy} />${def.label}</label>
      ${e.text}
    </div>`
  }
  const control =
    def.type === 'select'
      ? html`<select id=${id} name=${path} ?required=${def.required} aria-invalid=${e.invalid} aria-describedby=${e.describedBy}>
          <option value="" ?selected=${value == null}>—</option>
          ${def.options.map((option) => html`<option value=${option} ?selected=${value === option}>${option}</option>`)}
        </select>`
      : html`<input
          id=${id}
          name=${path}
          type=${def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text'}
          step=${def.type === 'number' ? 'any' : nothing}
          .value=${value == null ? '' : String(value)}
          ?required=${def.required}
          aria-invalid=${e.invalid}
          aria-describedby=${e.describedBy}
          autocomplete="off"
        />`
  return html`<div class="field" part="field">
    <label for=${id}>${def.label}</label>
    ${control} ${e.text}
  </div>`
}

/**
 * The patch of what the user changed in `form` against `contact`: empty text clears a field
 * (`null`), custom values are typed by their definition. Unchanged fields are left out, so a
 * save writes only the user's edits (and overwriting after a conflict keeps others' other edits).
 */
export function patchFromForm(
  form: HTMLFormElement,
  contact: Contact,
  definitions: readonly CustomFieldDefinition[],
): ContactPatch {
  const data = new FormData(form)
  const patch: Record<string, unknown> = {}
  for (const name of contactFields) {
    const raw = String(data.get(name) ?? '').trim()
    const value = raw === '' ? null : raw
    if (value !== (contact[name] ?? null)) patch[name] = value
  }
  const stage = String(data.get('lifecycleStage') ?? contact.lifecycleStage)
  if (stage !== contact.lifecycleStage) patch.lifecycleStage = stage
  const custom: Record<string, unknown> = {}
  for (const def of definitions) {
    const path = `custom.${def.key}`
    const current = contact.custom[def.key] ?? null
    let value: unknown
    if (def.type === 'multiselect') {
      const all = data.getAll(path).map(String)
      value = all.length === 0 ? null : all
    } else if (def.type === 'boolean') value = data.get(path) === 'true'
    else {
      const raw = String(data.get(path) ?? '').trim()
      value = raw === '' ? null : def.type === 'number' ? Number(raw) : raw
    }
    if (
      JSON.stringify(value) !== JSON.stringify(current) &&
      !(def.type === 'boolean' && current === null && value === false)
    )
      custom[def.key] = value
  }
  if (Object.keys(custom).length > 0) patch.custom = custom
  return patch as ContactPatch
}

/** Field errors from a ValidationError's issues (paths like `['patch', 'email']` or `['custom', 'plan']`). */
export function fieldErrors(
  issues: readonly { path: readonly (string | number)[]; message: string }[],
): Map<string, string> {
  const errors = new Map<string, string>()
  for (const issue of issues) {
    const path = issue.path[0] === 'patch' || issue.path[0] === 'input' ? issue.path.slice(1) : issue.path
    const key = path[0] === 'custom' && path.length > 1 ? `custom.${String(path[1])}` : String(path[0] ?? '')
    if (!errors.has(key)) errors.set(key, issue.message)
  }
  return errors
}
