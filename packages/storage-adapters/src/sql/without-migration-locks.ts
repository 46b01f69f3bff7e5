/**
 * Kysely's migrator takes an advisory lock (`pg_advisory_lock` on Postgres, `GET_LOCK` on
 * MySQL). crmkit avoids advisory locks: poolers in transaction mode and tenant-distributed
 * Postgres engines do not honour them. This wrapper turns the lock calls into no-ops;
 * `runMigrations` tolerates concurrent migrators instead (see `migrations.ts`).
 */
import type { DatabaseIntrospector, Dialect, DialectAdapter, Driver, QueryCompiler } from 'kysely'

/** `dialect` with migration locking disabled. Everything else is delegated unchanged. */
export function withoutMigrationLocks(dialect: Dialect): Dialect {
  return {
    createDriver(): Driver {
      return dialect.createDriver()
    },
    createQueryCompiler(): QueryCompiler {
      return dialect.createQueryCompiler()
    },
    createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]): DatabaseIntrospector {
      return dialect.createIntrospector(db)
    },
    createAdapter(): DialectAdapter {
      const inner = dialect.createAdapter()
      return {
        supportsCreateIfNotExists: inner.supportsCreateIfNotExists,
        supportsTransactionalDdl: inner.supportsTransactionalDdl,
        supportsReturning: inner.supportsReturning,
        supportsOutput: inner.supportsOutput ?? false,
        async acquireMigrationLock() {},
        async releaseMigrationLock() {},
      }
    },
  }
}
