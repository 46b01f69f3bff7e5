/**
 * Acceptance row 10 (typings): the React, Vue and JSX typings (generated into dist/ by
 * `npm run build`) name every tag, public property and event that custom-elements.json lists.
 */
import { describe, expect, it } from 'vitest'
import manifest from '../../custom-elements.json'

type Declaration = {
  tagName?: string
  members?: { kind: string; name: string; privacy?: string; static?: boolean; readonly?: boolean }[]
  events?: { name: string }[]
}

const elements = manifest.modules.flatMap((m) => m.declarations as Declaration[]).filter((d) => d.tagName)

async function typings(name: string): Promise<string> {
  // `?raw`: the test server would otherwise compile the declaration file away.
  const url = `${new URL(`../../dist/${name}.d.ts`, import.meta.url).href}?raw`
  try {
    return ((await import(/* @vite-ignore */ url)) as { default: string }).default
  } catch (error) {
    throw new Error(`dist/${name}.d.ts is missing (run \`npm run build\` first): ${String(error)}`)
  }
}

describe('typings derived from custom-elements.json', () => {
  for (const name of ['react', 'vue', 'jsx']) {
    it(`${name}.d.ts names every tag, property and event`, async () => {
      const text = await typings(name)
      expect(elements.length).toBeGreaterThanOrEqual(2)
      for (const d of elements) {
        expect(text).toContain(`'${d.tagName}'`)
        const props = (d.members ?? []).filter(
          (m) => m.kind === 'field' && !m.static && !m.readonly && (m.privacy ?? 'public') === 'public',
        )
        for (const p of props) expect(text).toContain(`${p.name}?:`)
        for (const e of d.events ?? []) expect(text).toContain(`'on${e.name}'?:`)
      }
    })
  }
})
