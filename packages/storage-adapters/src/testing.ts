/**
 * The crmkit storage conformance suite, for adapter authors: one call registers vitest
 * tests that run the whole core service layer against an adapter and check, by reading the
 * database directly, that data is persisted, validated, tenant-isolated, versioned and
 * never silently lost. Every adapter shipped in `@crmkit/storage-adapters` passes it.
 *
 * Needs the optional peer dependencies `vitest` and `fast-check`.
 *
 * @packageDocumentation
 */

export type { WriteCall } from './testing/faults.js'
export { faultyStorage, InjectedFault, isInjectedFault } from './testing/faults.js'
export type { RawSqlExecutor, RawSqlOptions } from './testing/raw-sql.js'
export { snakeCase, sqlRawInspector } from './testing/raw-sql.js'
export { defineConformanceSuite } from './testing/suite.js'
export type { ConformanceHarness, HarnessInstance, RawInspector } from './testing/types.js'
