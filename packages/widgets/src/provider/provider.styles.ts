import { css, unsafeCSS } from 'lit'
import { darkThemeDeclarations, lightThemeDeclarations } from '../shared/tokens.js'

/** The provider lays out nothing; it only carries the theme and density tokens to its subtree. */
export const providerStyles = css`
  :host {
    display: contents;
  }
  :host([theme='light']) {
    ${unsafeCSS(lightThemeDeclarations)}
  }
  :host([theme='dark']) {
    ${unsafeCSS(darkThemeDeclarations)}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${unsafeCSS(darkThemeDeclarations)}
    }
  }
  :host([density='compact']) {
    --crm-density-scale: 0.75;
  }
  :host([density='comfortable']) {
    --crm-density-scale: 1;
  }
`
