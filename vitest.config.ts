import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Tests import workspace packages by name; resolve them to their sources so a test run
// never depends on a stale build.
const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url))

const alias = {
  '@crmkit/core': src('core'),
  '@crmkit/analytics': src('analytics'),
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
    ],
  },
})
