// Browser bundle budgets, measured with esbuild, minified and brotli-compressed.
// Features that core loads on first use (attribution, insights, segments, activities, tasks,
// custom-field definitions) are `import()`ed, so in a
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
    // Everything, lazily loaded chunks included. Raised from 45 kB (before Core 1.0) to 51 kB: pipeline
    // editing, bulk updates, activity and custom-field edits, checked cursors, address validation,
    // search and custom-field sorts added ~5 kB, almost all of it loaded on first use (measured
    // 50.17 kB). The budget that protects a page, the initial load above, stays at 30 kB.
    // Raised to 55 kB for saved segments (t.segments, segment references, live membership: +4.0 kB,
    // measured 54.17 kB), all of it loaded on first use; the initial load did not grow. Raised to 59 kB
    // for the condition language v2 (related, behavioural and aggregate conditions, explain: ~3 kB in
    // core's resolver and the memory adapter's evaluator, loaded only when a filter uses them).
    // Raised to 61 kB (measured 60.05 kB; main was already at 59.95 kB before the split below) for the
    // storage and write-path work of the same release: the memory adapter's indexes, the custom-field
    // definition cache, two-phase keyset paging and the segment/idempotency tables (~2 kB). To keep the
    // initial load under 30 kB, t.activities, t.tasks and t.customFields now load on first call
    // (lazy-services.ts); splitting them into chunks adds ~0.1 kB to this total and nothing else.
    name: 'everything createCrm can load, attribution, insights and segments included',
    ...entry,
    limit: '61 kB',
  },
  {
    // Every element of @crmkit/widgets, registered (the `define` entry), with @lit/context, @lit/task and
    // @lit-labs/virtualizer inside; lit itself is a peer dependency the host page already has, so it is left out.
    name: '@crmkit/widgets: every element, defined (lit excluded)',
    path: 'packages/widgets/dist/define.js',
    ignore: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'],
    brotli: true,
    limit: '40 kB',
  },
  {
    // The remote client (`@crmkit/core/client`) for browsers: the generated method manifest, the
    // error classes, fetch + SSE; no zod schema (the server validates).
    name: 'remote client: createRemoteCrm (@crmkit/core/client)',
    path: 'packages/core/dist/http/client-entry.js',
    import: { 'packages/core/dist/http/client-entry.js': '{ createRemoteCrm }' },
    brotli: true,
    // Measured 3.16 kB.
    limit: '4 kB',
  },
]
