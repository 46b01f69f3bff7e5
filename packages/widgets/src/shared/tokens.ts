/**
 * Design tokens. Three tiers: reference values (the tables below), system tokens (`--crm-*`
 * custom properties a host sets on any ancestor, e.g. `--crm-color-accent`), and component
 * tokens on each element's `:host` (e.g. `--crm-contact-list-height`). Custom properties inherit
 * through shadow roots, so a token set on an ancestor reaches every widget inside it; nothing
 * else of the page's CSS does.
 *
 * Themes are scoped by class (`crm-theme-light`, `crm-theme-dark`) so a dark sidebar can live in a
 * light page; `crm-theme-auto` follows prefers-color-scheme, which the host opts into. Density:
 * `crm-density-compact` / `crm-density-comfortable`.
 */
import { type CSSResult, unsafeCSS } from 'lit'

/** The light theme's colour tokens (reference tier; WCAG AA contrast against each other). */
export const lightColors: Readonly<Record<string, string>> = {
  'color-surface': '#ffffff',
  'color-surface-raised': '#f5f7fa',
  'color-text': '#1b1f24',
  'color-text-muted': '#4f5761',
  'color-border': '#8c959f',
  'color-border-subtle': '#d8dee4',
  'color-accent': '#0a58ca',
  'color-on-accent': '#ffffff',
  'color-focus': '#0a58ca',
  'color-danger': '#b42318',
  'color-selected': '#dbe8ff',
  'color-hover': '#eef2f6',
}

/** The dark theme's colour tokens. */
export const darkColors: Readonly<Record<string, string>> = {
  'color-surface': '#15191e',
  'color-surface-raised': '#1f252c',
  'color-text': '#e8ecf0',
  'color-text-muted': '#b3bcc6',
  'color-border': '#6e7781',
  'color-border-subtle': '#323a43',
  'color-accent': '#7fb0ff',
  'color-on-accent': '#0b1220',
  'color-focus': '#7fb0ff',
  'color-danger': '#ff9b8f',
  'color-selected': '#1d3557',
  'color-hover': '#262d35',
}

/** Size, type and motion tokens shared by both themes. */
export const baseTokens: Readonly<Record<string, string>> = {
  'font-family':
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", "Noto Sans SC", sans-serif',
  'font-size': '14px',
  'line-height': '1.45',
  radius: '6px',
  'density-scale': '1',
  space: 'calc(8px * var(--crm-density-scale, 1))',
  'duration-fast': '120ms',
}

const declarations = (tokens: Readonly<Record<string, string>>): string =>
  Object.entries(tokens)
    .map(([name, value]) => `--crm-${name}: ${value};`)
    .join('')

/** `var(--crm-<name>, <light default>)`: how component styles read a token. */
export const token = (name: string): string =>
  `var(--crm-${name}, ${lightColors[name] ?? baseTokens[name] ?? 'initial'})`

/** CSS declarations of the dark theme, for a selector of the host's choosing. */
export const darkThemeDeclarations: string = declarations(darkColors)
/** CSS declarations of the light theme. */
export const lightThemeDeclarations: string = declarations(lightColors)

/**
 * The theme and density classes as a stylesheet for the page (or any shadow root of the host):
 * `document.adoptedStyleSheets = [...document.adoptedStyleSheets, themeStyles.styleSheet!]`.
 * Only `.crm-*` class selectors: it styles nothing of the host's own.
 */
export const themeStyles: CSSResult = unsafeCSS(
  [
    `.crm-theme-light{color-scheme:light;${lightThemeDeclarations}}`,
    `.crm-theme-dark{color-scheme:dark;${darkThemeDeclarations}}`,
    `@media (prefers-color-scheme: dark){.crm-theme-auto{color-scheme:dark;${darkThemeDeclarations}}}`,
    '.crm-density-compact{--crm-density-scale:0.75;}',
    '.crm-density-comfortable{--crm-density-scale:1;}',
  ].join('\n'),
)

/**
 * An opt-in stylesheet against the flash of unstyled content before the elements are defined: it
 * hides `crm-*` elements until their definition arrives.
 */
export const undefinedElementStyles: CSSResult = unsafeCSS(
  'crm-provider:not(:defined),crm-contact-list:not(:defined),crm-contact-detail:not(:defined),crm-pipeline-board:not(:defined){visibility:hidden}',
)
