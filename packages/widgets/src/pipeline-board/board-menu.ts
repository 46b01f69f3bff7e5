/**
 * The "Move to…" menu of a card: the non-drag way to move a deal (APG menu button pattern).
 * One menu exists at a time, rendered by the board for the card whose button opened it, so
 * 1k cards do not carry 1k hidden menus.
 */

import type { Stage } from '@crmkit/core'
import { html, nothing, type TemplateResult } from 'lit'

/** The open menu: its deal and the stages it offers. */
export interface OpenMenu {
  readonly dealId: string
  readonly dealTitle: string
  readonly stages: readonly Stage[]
  /** Viewport position of the button that opened it. */
  readonly top: number
  readonly left: number
}

/** Strings the menu needs. */
export interface MenuStrings {
  menuLabel(deal: string): string
  item(deal: string, stage: string): string
}

/** The menu's template (nothing when closed). */
export function renderMenu(
  menu: OpenMenu | undefined,
  strings: MenuStrings,
  onChoose: (stageId: string) => void,
  onKeyDown: (event: KeyboardEvent) => void,
): TemplateResult | typeof nothing {
  if (!menu) return nothing
  return html`<div
    role="menu"
    part="menu"
    class="menu"
    aria-label=${strings.menuLabel(menu.dealTitle)}
    style="top:${menu.top}px;left:${menu.left}px"
    @keydown=${onKeyDown}
  >
    ${menu.stages.map(
      (stage) =>
        html`<button
          type="button"
          role="menuitem"
          part="menu-item"
          tabindex="-1"
          data-stage-id=${stage.id}
          aria-label=${strings.item(menu.dealTitle, stage.name)}
          @click=${() => onChoose(stage.id)}
        >
          ${stage.name}
        </button>`,
    )}
  </div>`
}

/**
 * Roving focus inside the menu: ArrowUp/Down wrap, Home/End. Returns whether the key was handled
 * (Escape and Tab are the board's: they close the menu).
 */
export function moveMenuFocus(menuEl: Element, event: KeyboardEvent): boolean {
  const items = [...menuEl.querySelectorAll<HTMLElement>('[role="menuitem"]')]
  if (items.length === 0) return false
  const root = menuEl.getRootNode() as ShadowRoot
  const current = items.indexOf(root.activeElement as HTMLElement)
  let next: number
  switch (event.key) {
    case 'ArrowDown':
      next = (current + 1) % items.length
      break
    case 'ArrowUp':
      next = (current - 1 + items.length) % items.length
      break
    case 'Home':
      next = 0
      break
    case 'End':
      next = items.length - 1
      break
    default:
      return false
  }
  items[next]?.focus()
  return true
}
