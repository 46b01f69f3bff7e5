import { fileURLToPath } from 'node:url'
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
      // Guides are tests: docs/guides.test.ts runs every code block of the guides and the README (docs/README.md).
      {
        resolve: { alias },
        test: {
          name: 'docs',
          root: '.',
          include: ['docs/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
})
