/**
 * Reuse of better-sqlite3 prepared statements. Kysely's SQLite driver prepares every query
 * it runs; for the multi-row INSERTs and `IN (...)` lookups of a bulk import, parsing and
 * planning the statement took longer than executing it. The adapter sends the same text
 * again for statements of the same shape (see `insert-statement.ts`), so a small cache by
 * text lets SQLite skip that work.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** Statements kept per database; least recently used ones are dropped (and finalized by GC). */
const CACHE_SIZE = 100

/** The part of a better-sqlite3 `Statement` the cache looks at besides Kysely's interface. */
interface MaybeBusy {
  /** better-sqlite3: true while an iterator over the statement is open. */
  readonly busy?: boolean
}

/**
 * `database` with `prepare` answering repeated texts from a cache. A statement still being
 * iterated (a streamed query) is never handed out twice: a fresh one is prepared instead.
 */
export function withStatementCache(database: SqliteDatabase): SqliteDatabase {
  const cache = new Map<string, SqliteStatement & MaybeBusy>()
  return {
    close() {
      cache.clear()
      database.close()
    },
    prepare(sql) {
      const cached = cache.get(sql)
      if (cached && cached.busy !== true) {
        // Refresh the entry: the Map's insertion order is the eviction order.
        cache.delete(sql)
        cache.set(sql, cached)
        return cached
      }
      const statement: SqliteStatement & MaybeBusy = database.prepare(sql)
      if (cached) return statement
      if (cache.size >= CACHE_SIZE) {
        const oldest = cache.keys().next()
        if (!oldest.done) cache.delete(oldest.value)
      }
      cache.set(sql, statement)
      return statement
    },
  }
}
