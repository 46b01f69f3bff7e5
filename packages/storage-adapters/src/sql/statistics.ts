/**
 * Planner statistics that keep up with bulk writes (Postgres).
 *
 * A table that was never analyzed, or that grew many times over since autovacuum last looked
 * (an import writes 100k rows in seconds; autovacuum wakes once a minute), looks tiny to the
 * planner: every index that leads with `tenant_id` then seems equally good, and Postgres picked
 * `(tenant_id, country)` over the unique `(tenant_id, email)` index for an import's email
 * lookup, scanning every row of the tenant per looked-up email (850 ms per 500-row batch at
 * 5k contacts, quadratic over an import). After `ANALYZE` the same lookup takes 0.5 ms.
 *
 * So the session counts the rows this process inserted per table and, on a bulk write (at least
 * {@link BULK_ROWS} rows in one call), analyzes the table when that count has doubled since the
 * last ANALYZE: O(log n) ANALYZEs over any amount of growth, each a sample of at most 30k rows.
 * A multi-value lookup (findBy with a list) analyzes a table this process never analyzed, once,
 * so that an id check against a table filled row by row uses its primary key. Single-row writes
 * never wait for an ANALYZE.
 *
 * Inside a transaction the ANALYZE runs in a savepoint and its failure is ignored: its lock
 * (SHARE UPDATE EXCLUSIVE, held to the end of the transaction) conflicts only with other
 * ANALYZE/VACUUM/DDL, never with reads or writes, so the worst case is two importers' ANALYZEs
 * waiting for each other, which Postgres breaks by failing one of them; that one is skipped.
 */

/** Rows one call must write to count as a bulk write. */
export const BULK_ROWS = 100

const tables = new Map<string, { rows: number; next: number }>()

/**
 * Count `inserted` rows written to `table` by one call (`0` for a lookup); whether the table is
 * due for ANALYZE now. `bulk`: the call is a bulk write or a multi-value lookup.
 */
export function dueForAnalyze(table: string, inserted: number, bulk: boolean): boolean {
  let entry = tables.get(table)
  const first = entry === undefined
  if (entry === undefined) {
    entry = { rows: 0, next: 0 }
    tables.set(table, entry)
  }
  entry.rows += inserted
  if (!bulk || (!first && entry.rows < entry.next)) return false
  entry.next = Math.max(BULK_ROWS, entry.rows * 2)
  return true
}
