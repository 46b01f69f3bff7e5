/**
 * Styles every widget starts from. The element's content sits in one `.root` wrapper that sets every
 * inherited property itself (font, colour, line height, letter spacing, alignment...), so a host
 * page's reset or `*` rule, which can only reach the host element, does not change the widget's
 * inside; and shadow DOM keeps the widget's rules from leaking out.
 */
import { css, unsafeCSS } from 'lit'
import { token } from './tokens.js'

const t = (name: string) => unsafeCSS(token(name))

/** Shared base styles: isolation, tokens, focus ring, reduced motion, state templates. */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none;
  }
  .root {
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: ${t('font-family')};
    font-size: ${t('font-size')};
    line-height: ${t('line-height')};
    color: ${t('color-text')};
    background: ${t('color-surface')};
    text-align: start;
    border-radius: ${t('radius')};
  }
  .root *,
  .root *::before,
  .root *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 2px solid ${t('color-focus')};
    outline-offset: -2px;
  }
  button {
    font: inherit;
    color: ${t('color-on-accent')};
    background: ${t('color-accent')};
    border: 1px solid ${t('color-accent')};
    border-radius: ${t('radius')};
    padding: calc(${t('space')} / 2) ${t('space')};
    cursor: pointer;
  }
  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: ${t('space')};
    padding: calc(${t('space')} * 3);
    color: ${t('color-text-muted')};
    min-height: 6rem;
  }
  .state[role='alert'] {
    color: ${t('color-danger')};
  }
  .state p {
    margin: 0;
  }
  .spinner {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    border: 2px solid ${t('color-border-subtle')};
    border-block-start-color: ${t('color-accent')};
    border-radius: 50%;
    animation: crm-spin 0.8s linear infinite;
  }
  @keyframes crm-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  /* Reduced motion is honoured everywhere: no animation runs, transitions are instant. */
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`
