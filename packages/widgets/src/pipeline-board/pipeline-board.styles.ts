/**
 * Styles of `<crm-pipeline-board>`. Cards have a fixed height (a token) so long columns can be
 * windowed by arithmetic; `contain` keeps a move's layout work inside the two columns it touches.
 */
import { css, unsafeCSS } from 'lit'
import { baseStyles } from '../shared/base.styles.js'
import { token } from '../shared/tokens.js'

const t = (name: string) => unsafeCSS(token(name))

export const boardStyles = [
  baseStyles,
  css`
    :host {
      --crm-board-height: 36rem;
      --crm-board-column-width: 17rem;
      --crm-board-card-height: 5rem;
    }
    .root {
      position: relative;
      block-size: var(--crm-board-height);
      display: flex;
      flex-direction: column;
    }
    .board {
      flex: 1;
      min-block-size: 0;
      display: flex;
      gap: ${t('space')};
      padding: ${t('space')};
      overflow-x: auto;
    }
    .column {
      flex: 0 0 var(--crm-board-column-width);
      display: flex;
      flex-direction: column;
      min-block-size: 0;
      background: ${t('color-surface-raised')};
      border: 1px solid ${t('color-border-subtle')};
      border-radius: ${t('radius')};
      contain: layout paint;
    }
    .column-header {
      padding: ${t('space')};
      border-block-end: 1px solid ${t('color-border-subtle')};
    }
    .column-header h3 {
      margin: 0;
      font-size: 1em;
      font-weight: 600;
    }
    .column-header p {
      margin: 0;
      color: ${t('color-text-muted')};
      font-size: 0.9em;
    }
    .column-body {
      flex: 1;
      min-block-size: 0;
      overflow-y: auto;
      overscroll-behavior: contain;
    }
    .cards {
      list-style: none;
      margin: 0;
      padding: 0 ${t('space')};
      display: flex;
      flex-direction: column;
      row-gap: ${t('space')};
      box-sizing: content-box;
    }
    .cards:not([style*='padding-block']) {
      padding-block: ${t('space')};
    }
    .card {
      position: relative;
      block-size: var(--crm-board-card-height);
      flex: none;
      display: grid;
      grid-template-columns: 1fr auto;
      grid-template-rows: auto auto;
      column-gap: ${t('space')};
      align-content: center;
      padding: 0 ${t('space')};
      background: ${t('color-surface')};
      border: 1px solid ${t('color-border-subtle')};
      border-radius: ${t('radius')};
      cursor: grab;
      touch-action: none;
      user-select: none;
      contain: strict;
    }
    .card[data-dragging] {
      pointer-events: none;
      z-index: 2;
      cursor: grabbing;
      box-shadow: 0 4px 12px rgb(0 0 0 / 0.25);
    }
    .title {
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      padding-inline-end: 2rem;
    }
    .amount {
      grid-row: 2;
      font-variant-numeric: tabular-nums;
    }
    .owner,
    .age {
      color: ${t('color-text-muted')};
      font-size: 0.85em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .owner {
      grid-row: 1;
      grid-column: 2;
      padding-inline-end: 1.75rem;
    }
    .age {
      grid-row: 2;
      grid-column: 2;
      text-align: end;
    }
    .move {
      position: absolute;
      inset-block-start: 0.25rem;
      inset-inline-end: 0.25rem;
      inline-size: 1.75rem;
      block-size: 1.75rem;
      padding: 0;
      line-height: 1;
      color: ${t('color-text')};
      background: transparent;
      border-color: transparent;
    }
    .move:hover,
    .move[aria-expanded='true'] {
      background: ${t('color-hover')};
    }
    .menu {
      position: absolute;
      z-index: 10;
      min-inline-size: 12rem;
      display: flex;
      flex-direction: column;
      padding: calc(${t('space')} / 2);
      background: ${t('color-surface')};
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius')};
      box-shadow: 0 6px 16px rgb(0 0 0 / 0.2);
    }
    .menu [role='menuitem'] {
      text-align: start;
      color: ${t('color-text')};
      background: transparent;
      border-color: transparent;
    }
    .menu [role='menuitem']:hover,
    .menu [role='menuitem']:focus {
      background: ${t('color-hover')};
    }
    .status {
      padding: calc(${t('space')} * 2);
      color: ${t('color-text-muted')};
      text-align: center;
    }
    .status[role='alert'] {
      color: ${t('color-danger')};
    }
    .empty {
      margin: 0;
    }
    .empty-column {
      margin: ${t('space')};
      color: ${t('color-text-muted')};
    }
  `,
]
