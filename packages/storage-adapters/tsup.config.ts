import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/memory.ts', 'src/sqlite.ts', 'src/postgres.ts', 'src/mysql.ts', 'src/testing.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  external: ['better-sqlite3', 'pg', 'mysql2', 'vitest', 'fast-check', '@crmkit/core', 'kysely'],
})
