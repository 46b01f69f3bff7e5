import { fileURLToPath } from 'node:url'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'

// Tests import workspace packages by name; resolve them to their sources so a test run
// never depends on a stale build.
const src = (pkg: string, entry = 'index') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url))

// Subpaths first: an alias matches by prefix.
const alias = [
  // Internal, test-only: the monorepo's throwaway-database provisioning, which
  // @crmkit/storage-adapters does not export (analytics' tests use it; see its tsconfig paths).
  {
    find: /^@crmkit\/storage-adapters\/test-databases$/,
    replacement: src('storage-adapters', 'testing/databases'),
  },
  {
    find: /^@crmkit\/storage-adapters\/(memory|sqlite|postgres|mysql|testing)$/,
    replacement: src('storage-adapters', '$1'),
  },
  { find: /^@crmkit\/storage-adapters$/, replacement: src('storage-adapters') },
  { find: /^@crmkit\/core\/storage$/, replacement: src('core', 'storage-entry') },
  { find: /^@crmkit\/core\/http\/node$/, replacement: src('core', 'http/node-entry') },
  { find: /^@crmkit\/core\/http$/, replacement: src('core', 'http/index') },
  { find: /^@crmkit\/core\/client$/, replacement: src('core', 'http/client-entry') },
  { find: /^@crmkit\/core$/, replacement: src('core') },
  { find: /^@crmkit\/analytics$/, replacement: src('analytics') },
  { find: /^@crmkit\/widgets\/define$/, replacement: src('widgets', 'define') },
  { find: /^@crmkit\/widgets$/, replacement: src('widgets') },
]

// Widgets run in a real Chromium: Debian's (`.ci/run` installs it), driven by Playwright. Playwright cannot
// download its own browser here, so the path is explicit; CHROMIUM_PATH points at another build.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'core', root: './packages/core', include: ['src/**/*.test.ts'] } },
      {
        resolve: { alias },
        test: {
          name: 'storage-adapters',
          root: './packages/storage-adapters',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Probes the Postgres/MySQL servers once and prints which dialects ran or were skipped, and why.
          globalSetup: ['./src/testing/dialect-report.ts'],
        },
      },
      { resolve: { alias }, test: { name: 'analytics', root: './packages/analytics', include: ['src/**/*.test.ts'] } },
      {
        resolve: { alias },
        test: {
          name: 'widgets',
          root: './packages/widgets',
          include: ['src/**/*.test.ts'],
          setupFiles: ['./src/testing/setup.ts'],
          // Headless Chromium here occasionally stops firing requestAnimationFrame: the harness gives up
          // after these timeouts (a failure), assertions are never retried.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          retry: 0,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromium }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      // Guides are tests: docs/guides.test.ts runs every code block of the guides and the README (docs/README.md).
      {
        resolve: { alias },
        test: {
          name: 'docs',
          root: '.',
          include: ['docs/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
          // The widget examples run in a browser (the project below).
          exclude: ['examples/widgets-*/**', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      // The widget examples (plain HTML, React, Vue), each against a crmkit in the page, in Chromium.
      {
        resolve: { alias },
        // Pre-bundled up front: a dependency found mid-run makes Vite reload the test page.
        optimizeDeps: { include: ['react', 'react/jsx-dev-runtime', 'react-dom/client', 'vue'] },
        define: {
          __VUE_OPTIONS_API__: 'true',
          __VUE_PROD_DEVTOOLS__: 'false',
          __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
        },
        test: {
          name: 'examples-widgets',
          root: './examples',
          include: ['widgets-*/src/**/*.test.{ts,tsx}'],
          setupFiles: ['../packages/widgets/src/testing/setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          retry: 0,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: chromium }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
})
