/**
 * Styles of `<crm-contact-detail>`.
 */
import { css, unsafeCSS } from 'lit'
import { baseStyles } from '../shared/base.styles.js'
import { token } from '../shared/tokens.js'

const t = (name: string) => unsafeCSS(token(name))

export const contactDetailStyles = [
  baseStyles,
  css`
    :host {
      --crm-contact-detail-columns: repeat(auto-fill, minmax(14rem, 1fr));
    }
    .root {
      padding: calc(${t('space')} * 2);
    }
    h2 {
      margin: 0 0 ${t('space')};
      font-size: 1.4em;
    }
    h3 {
      margin: calc(${t('space')} * 2) 0 ${t('space')};
      font-size: 1.1em;
    }
    h4 {
      margin: 0 0 ${t('space')};
      font-size: 1em;
    }
    section {
      border-block-start: 1px solid ${t('color-border-subtle')};
    }
    .fields {
      display: grid;
      grid-template-columns: var(--crm-contact-detail-columns);
      gap: ${t('space')} calc(${t('space')} * 2);
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: calc(${t('space')} / 2);
      margin: 0;
      min-inline-size: 0;
      border: 0;
      padding: 0;
    }
    fieldset.field legend {
      padding: 0;
    }
    label {
      font-weight: 500;
    }
    .check {
      display: flex;
      align-items: center;
      gap: ${t('space')};
      font-weight: 400;
    }
    input:not([type='checkbox']),
    select,
    textarea {
      font: inherit;
      color: ${t('color-text')};
      background: ${t('color-surface')};
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius')};
      padding: calc(${t('space')} / 2) ${t('space')};
      min-inline-size: 0;
    }
    [aria-invalid='true'] {
      border-color: ${t('color-danger')};
    }
    .field-error {
      margin: 0;
      color: ${t('color-danger')};
      font-size: 0.9em;
    }
    .actions {
      display: flex;
      gap: ${t('space')};
      margin-block-start: ${t('space')};
    }
    button.secondary {
      color: ${t('color-accent')};
      background: transparent;
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    .conflict {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${t('space')};
      padding: ${t('space')};
      border: 1px solid ${t('color-danger')};
      border-radius: ${t('radius')};
      color: ${t('color-text')};
    }
    .conflict p {
      margin: 0;
      flex: 1 1 20rem;
    }
    .muted {
      color: ${t('color-text-muted')};
    }
    .companies,
    .tasks,
    .timeline {
      margin: 0;
      padding-inline-start: calc(${t('space')} * 2.5);
    }
    .timeline {
      list-style: none;
      padding: 0;
      margin-block-start: calc(${t('space')} * 2);
    }
    .timeline li {
      padding: ${t('space')} 0;
      border-block-end: 1px solid ${t('color-border-subtle')};
      display: flex;
      flex-wrap: wrap;
      gap: 0 ${t('space')};
    }
    .timeline .kind {
      font-weight: 600;
    }
    .timeline time,
    .due {
      color: ${t('color-text-muted')};
    }
    .timeline .body {
      flex-basis: 100%;
      margin: 0;
      white-space: pre-wrap;
    }
    .log,
    .task-form {
      display: grid;
      gap: ${t('space')};
      max-inline-size: 32rem;
      margin-block-start: ${t('space')};
    }
    .log button,
    .task-form button {
      justify-self: start;
    }
    .tasks li {
      display: flex;
      flex-wrap: wrap;
      gap: ${t('space')};
      align-items: baseline;
    }
    .tasks li.done label {
      text-decoration: line-through;
    }
    .overdue {
      color: ${t('color-danger')};
    }
  `,
]
