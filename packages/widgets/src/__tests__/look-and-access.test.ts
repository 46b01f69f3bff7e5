/**
 * Acceptance rows 9, 10, 11, 12, 20 and 21: tokens, parts, themes, style isolation, axe, motion.
 */
import axe from 'axe-core'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cdp } from 'vitest/browser'
import manifest from '../../custom-elements.json'
import { defineCrmElements } from '../define.js'
import { themeStyles } from '../shared/tokens.js'
import { clientFor, reach, states } from '../testing/states.js'

beforeAll(() => {
  defineCrmElements()
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, themeStyles.styleSheet as CSSStyleSheet]
})

const containers: HTMLElement[] = []
afterEach(() => {
  for (const c of containers.splice(0)) c.remove()
})

async function place(state: (typeof states)[number], theme: 'light' | 'dark' = 'light') {
  const container = document.createElement('div')
  container.className = `crm-theme-${theme}`
  document.body.append(container)
  containers.push(container)
  const provider = document.createElement('crm-provider')
  const list = document.createElement('crm-contact-list')
  list.style.setProperty('--crm-contact-list-height', '320px')
  provider.append(list)
  container.append(provider)
  provider.client = await clientFor(state)
  await reach(list, state)
  return { container, provider, list }
}

describe('row 20 and 11: axe-core, every state, both themes', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const state of states) {
      it(`<crm-provider> + <crm-contact-list>, ${theme}, ${state}: 0 violations`, async () => {
        const { container } = await place(state, theme)
        const result = await axe.run(container, { resultTypes: ['violations'] })
        const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
        expect(summary).toEqual([])
      })
    }
  }
})

describe('row 9: tokens reach the shadow root', () => {
  it('a token set on an ancestor changes the computed colour inside', async () => {
    const { container, list } = await place('data')
    const cell = list.shadowRoot?.querySelector('[role=gridcell]') as HTMLElement
    const before = getComputedStyle(cell).color
    container.style.setProperty('--crm-color-text', 'rgb(1, 2, 3)')
    expect(getComputedStyle(cell).color).toBe('rgb(1, 2, 3)')
    expect(before).not.toBe('rgb(1, 2, 3)')
  })

  it('the dark class and the provider theme attribute switch the colours', async () => {
    const { list, container, provider } = await place('data', 'dark')
    const root = list.shadowRoot?.querySelector('.root') as HTMLElement
    expect(getComputedStyle(root).backgroundColor).toBe('rgb(21, 25, 30)')
    container.className = ''
    provider.setAttribute('theme', 'dark')
    expect(getComputedStyle(root).backgroundColor).toBe('rgb(21, 25, 30)')
    provider.setAttribute('theme', 'light')
    expect(getComputedStyle(root).backgroundColor).toBe('rgb(255, 255, 255)')
  })
})

describe('row 10: parts documented', () => {
  it('part names in the DOM equal those in custom-elements.json', async () => {
    const seen = new Set<string>()
    for (const state of states) {
      const { list, container } = await place(state)
      for (const el of list.shadowRoot?.querySelectorAll('[part]') ?? []) {
        for (const part of el.getAttribute('part')?.split(/\s+/) ?? []) seen.add(part)
      }
      // One at a time: a list outside the viewport renders no rows until it is scrolled to.
      container.remove()
    }
    const declaration = manifest.modules
      .flatMap((m) => m.declarations as Array<{ tagName?: string; cssParts?: { name: string }[] }>)
      .find((d) => d.tagName === 'crm-contact-list')
    const documented = new Set((declaration?.cssParts ?? []).map((p) => p.name))
    expect([...seen].sort()).toEqual([...documented].sort())
  })
})

describe('row 12: no CSS leakage', () => {
  const props = [
    'font-size',
    'font-family',
    'color',
    'line-height',
    'letter-spacing',
    'padding-top',
    'margin-top',
    'box-sizing',
    'background-color',
    'border-top-width',
    'text-align',
  ]

  function snapshot(elements: Element[]): string[][] {
    return elements.map((el) => {
      const style = getComputedStyle(el)
      return props.map((p) => style.getPropertyValue(p))
    })
  }

  it('a host page with a reset stylesheet changes nothing inside; the widget changes nothing outside', async () => {
    const outside = document.createElement('div')
    outside.innerHTML = '<p>page text</p><button>page button</button><div role="grid">page grid</div><input>'
    document.body.append(outside)
    containers.push(outside)
    const outsideBefore = snapshot([...outside.querySelectorAll('*')])
    const { list } = await place('data')
    expect(snapshot([...outside.querySelectorAll('*')])).toEqual(outsideBefore)
    const inner = [
      '.root',
      '.toolbar',
      'input',
      '[role=grid]',
      '[role=columnheader]',
      '[role=row][data-row]',
      '[role=gridcell]',
    ]
    const insideElements = () => inner.map((s) => list.shadowRoot?.querySelector(s) as Element)
    const insideBefore = snapshot(insideElements())
    const reset = document.createElement('style')
    reset.textContent = `
      *, ::before, ::after { box-sizing: content-box; margin: 3px; padding: 5px; border: 2px solid red; }
      html, body, div, span, input { font: italic 30px/4 serif !important; color: green !important; letter-spacing: 4px !important; text-align: right !important; background: yellow !important; }
      [role=grid], [role=row], [role=gridcell], [part] { height: 99px !important; color: blue !important; }`
    document.head.append(reset)
    const firstRow = () => list.shadowRoot?.querySelector('[role=row][data-row]') as HTMLElement
    const rowHeight = firstRow().offsetHeight
    try {
      expect(snapshot(insideElements())).toEqual(insideBefore)
      // Only the host's box is the page's to size; rows keep their height.
      expect(firstRow().offsetHeight).toBe(rowHeight)
    } finally {
      reset.remove()
    }
  })
})

describe('row 21: reduced motion', () => {
  it('emulated reduced motion: no running animations', async () => {
    const session = cdp()
    const { list } = await place('loading')
    const spinner = () => list.shadowRoot?.querySelector('.spinner') as HTMLElement
    // Control: without the preference the loading spinner animates.
    expect(spinner().getAnimations().length).toBeGreaterThan(0)
    await session.send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-reduced-motion', value: 'reduce' }],
    })
    try {
      expect(matchMedia('(prefers-reduced-motion: reduce)').matches).toBe(true)
      const running = (list.shadowRoot?.getAnimations() ?? []).filter((a) => a.playState === 'running')
      expect(running).toEqual([])
      expect(spinner().getAnimations()).toEqual([])
    } finally {
      await session.send('Emulation.setEmulatedMedia', { features: [] })
    }
  })
})
