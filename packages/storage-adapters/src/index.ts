/**
 * `@crmkit/storage-adapters`: storage backends for crmkit. Each adapter also has its own
 * subpath (`/memory`, `/sqlite`, `/postgres`, `/mysql`); database drivers are optional peer
 * dependencies loaded only when an adapter first connects, so importing this entry point
 * loads none of them. The SQL adapters share one Kysely implementation (`src/sql/`).
 *
 * @packageDocumentation
 */

export type { MysqlStorageOptions } from './mysql.js'
export { mysqlStorage } from './mysql.js'
export type { PostgresStorageOptions } from './postgres.js'
export { postgresStorage } from './postgres.js'
export type { SqlLinkTable } from './sql/names.js'
export { SQL_TABLE_PREFIX, sqlLinkTable, sqlTableName } from './sql/names.js'
export type { SqliteStorageOptions } from './sqlite.js'
export { sqliteStorage } from './sqlite.js'
