// @custom-elements-manifest/analyzer configuration. Lit's internal reactive state
// (`static properties = { x: { state: true } }`) is not public API: this plugin drops it from the
// manifest (members and attributes), which the analyzer would otherwise list as public properties.
import { readFileSync } from 'node:fs'

function dropLitState() {
  return {
    name: 'drop-lit-state',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        const source = readFileSync(new URL(mod.path, import.meta.url.replace(/[^/]*$/, '')), 'utf8')
        const state = new Set([...source.matchAll(/(\w+): \{ state: true \}/g)].map((m) => m[1]))
        for (const declaration of mod.declarations ?? []) {
          declaration.members = declaration.members?.filter(
            (m) => !state.has(m.name) && !m.description?.includes('@internal'),
          )
          declaration.attributes = declaration.attributes?.filter((a) => !state.has(a.fieldName ?? a.name))
        }
      }
    },
  }
}

export default {
  globs: ['src/**/*.component.ts', 'src/shared/crm-element.ts'],
  outdir: '.',
  litelement: true,
  plugins: [dropLitState()],
}
