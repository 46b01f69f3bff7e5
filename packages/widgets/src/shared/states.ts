/**
 * The loading, empty and error states every widget shows, one look for all. Each is a documented
 * part (`loading`, `empty`, `error`, `retry`). The error state is `role="alert"` with a retry button
 * that gets focus-visible styles like any other control.
 */
import { html, type TemplateResult } from 'lit'
import type { LocalizeController } from './localize.js'

/** The loading state (the element also sets `aria-busy` on its data region). */
export function loadingTemplate(i18n: LocalizeController): TemplateResult {
  return html`<div class="state" part="loading"><div class="spinner" aria-hidden="true"></div><span>${i18n.t('common.loading')}</span></div>`
}

/** The empty state with the element's own message. */
export function emptyTemplate(message: string): TemplateResult {
  return html`<div class="state" part="empty"><p>${message}</p></div>`
}

/** A short, safe description of an error for the error state (never HTML). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : ''
}

/** The error state: `role="alert"`, the error's message, and a retry button. */
export function errorTemplate(i18n: LocalizeController, error: unknown, retry: () => void): TemplateResult {
  const detail = errorMessage(error)
  return html`<div class="state" part="error" role="alert">
    <p>${i18n.t('common.error')}</p>
    ${detail ? html`<p part="error-detail">${detail}</p>` : null}
    <button type="button" part="retry" @click=${retry}>${i18n.t('common.retry')}</button>
  </div>`
}
