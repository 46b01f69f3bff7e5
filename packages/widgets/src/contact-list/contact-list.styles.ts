import { css, unsafeCSS } from 'lit'
import { baseStyles } from '../shared/base.styles.js'
import { token } from '../shared/tokens.js'

const t = (name: string) => unsafeCSS(token(name))

/** Styles of `<crm-contact-list>`. */
export const contactListStyles = [
  baseStyles,
  css`
    :host {
      --_height: var(--crm-contact-list-height, 480px);
      --_row-height: var(--crm-contact-list-row-height, calc(36px * var(--crm-density-scale, 1)));
    }
    .root {
      display: flex;
      flex-direction: column;
      block-size: var(--_height);
      border: 1px solid ${t('color-border-subtle')};
      overflow: hidden;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${t('space')};
      padding: ${t('space')};
      border-block-end: 1px solid ${t('color-border-subtle')};
    }
    .toolbar label {
      font-weight: 600;
    }
    input[type='search'] {
      flex: 1 1 12rem;
      min-inline-size: 8rem;
      font: inherit;
      color: inherit;
      background: ${t('color-surface')};
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius')};
      padding: calc(${t('space')} / 2) ${t('space')};
    }
    input[aria-invalid='true'] {
      border-color: ${t('color-danger')};
    }
    .filter-error {
      flex-basis: 100%;
      color: ${t('color-danger')};
      margin: 0;
    }
    .count {
      color: ${t('color-text-muted')};
      white-space: nowrap;
    }
    [role='grid'] {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-block-size: 0;
    }
    [role='row'] {
      display: grid;
      grid-template-columns: var(--_columns);
      align-items: center;
      inline-size: 100%;
      block-size: var(--_row-height);
    }
    .head {
      scrollbar-gutter: stable;
      overflow: hidden;
      background: ${t('color-surface-raised')};
      border-block-end: 1px solid ${t('color-border')};
    }
    [role='columnheader'] {
      font-weight: 600;
      text-align: start;
      padding-inline: ${t('space')};
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
      block-size: 100%;
      display: flex;
      align-items: center;
      gap: 0.25em;
      user-select: none;
    }
    [role='columnheader'][data-sortable] {
      cursor: pointer;
    }
    .sort-icon {
      color: ${t('color-accent')};
      font-size: 0.8em;
    }
    .body {
      flex: 1;
      min-block-size: 0;
      overflow: auto;
      scrollbar-gutter: stable;
      position: relative;
      contain: strict;
    }
    .body[role='rowgroup'] > [role='row'] {
      border-block-end: 1px solid ${t('color-border-subtle')};
      cursor: default;
    }
    [role='row']:hover {
      background: ${t('color-hover')};
    }
    [role='row'][aria-selected='true'] {
      background: ${t('color-selected')};
    }
    [role='gridcell'] {
      padding-inline: ${t('space')};
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .busy {
      opacity: 0.7;
    }
    .message {
      padding: calc(${t('space')} * 3);
      color: ${t('color-text-muted')};
      text-align: center;
    }
  `,
]
