import { defineConfig } from 'tsup'

export default defineConfig({
  // The class entry has no side effect; `define` registers the tags (see package.json `sideEffects`).
  entry: ['src/index.ts', 'src/define.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'browser',
  // lit and the Lit helpers stay imports so a page shares one copy (lit is a peer dependency).
  external: ['lit', /^lit\//, /^@lit\//, /^@lit-labs\//, '@crmkit/core'],
})
