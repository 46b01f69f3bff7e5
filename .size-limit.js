// Browser bundle budgets, measured with esbuild, minified and brotli-compressed.
// Features that core loads on first use (attribution, insights) are `import()`ed, so in a
// host's build they are separate chunks fetched only when called. The first budget counts
// what a page loads up front (dynamic imports left out); the second counts everything.
const lazyChunksExternal = {
  name: 'lazy-chunks-external',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    )
  },
}

const entry = {
  path: ['packages/core/dist/index.js', 'packages/storage-adapters/dist/memory.js'],
  import: {
    'packages/core/dist/index.js': '{ createCrm }',
    'packages/storage-adapters/dist/memory.js': '{ memoryStorage }',
  },
  brotli: true,
}

export default [
  {
    name: 'initial load: createCrm + memoryStorage (contacts, deals, filters; zod/mini included)',
    ...entry,
    modifyEsbuildConfig: (config) => ({ ...config, plugins: [...(config.plugins ?? []), lazyChunksExternal] }),
    limit: '30 kB',
  },
  {
    // 45 kB until the bulk updates (updateMany), activity edits and custom-field edits,
    // all loaded on first use, added ~1.3 kB.
    name: 'everything createCrm can load, attribution and insights included',
    ...entry,
    limit: '46 kB',
  },
]
