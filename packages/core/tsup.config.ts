import { defineConfig } from 'tsup'

// Core is published unbundled, one module per source file: with `sideEffects: false` a host's
// bundler then drops every feature the host does not import (attribution math, insights, ...),
// and features that core loads on first use (`import()`) become separate chunks.
// Declarations come from `tsc` (tsconfig.build.json), which keeps the same file layout.
export default defineConfig({
  entry: ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/__tests__/**', '!src/**/__fixtures__/**'],
  format: ['esm'],
  bundle: false,
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
})
