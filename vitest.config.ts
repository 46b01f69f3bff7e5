import { fileURLToPath } from 'node:url'
import { playwright } from '@vitest/browser-playwright'
import { configDefaults, defineConfig } from 'vitest/config'

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

// The widgets' browser tests (both projects below use it). A function: vitest names each project's
// browser instance in place, so the two projects must not share one instances array.
const widgetsBrowserTest = () => ({
  root: './packages/widgets',
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
    instances: [{ browser: 'chromium' as const }],
    screenshotFailures: false,
  },
})

// The element suites that also run on the remote client: every test file whose elements get their
// client from the shared fixtures (src/testing/clients.ts).
const remoteSuites = [
  'src/provider/provider.test.ts',
  'src/contact-list/contact-list.test.ts',
  'src/pipeline-board/pipeline-board.test.ts',
  'src/pipeline-board/pipeline-board.moves.test.ts',
  'src/contact-detail/contact-detail.test.ts',
  'src/__tests__/remote-client.test.ts',
]

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
          ...widgetsBrowserTest(),
          name: 'widgets',
          include: ['src/**/*.test.ts'],
          // Needs the test server: runs in widgets-remote only.
          exclude: [...configDefaults.exclude, 'src/__tests__/remote-client.test.ts'],
          provide: { crmClient: 'local' },
        },
      },
      // Acceptance row 4: the element suites again, on the remote client (createRemoteCrm) against
      // createCrmHandler in node:http on 127.0.0.1 (started by the global setup, in Node), one tenant per
      // fixture; the page reads the server's URL with inject('crmServerUrl').
      {
        resolve: { alias },
        test: {
          ...widgetsBrowserTest(),
          name: 'widgets-remote',
          include: [...remoteSuites],
          globalSetup: ['./src/testing/remote-server.ts'],
          provide: { crmClient: 'remote' },
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
