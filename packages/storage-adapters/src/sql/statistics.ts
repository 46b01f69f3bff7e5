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
 * So the session counts the rows this process inserted per table and analyzes a table each
 * time that count doubles (from 100 rows on): O(log n) ANALYZEs over any amount of growth,
 * each a sample of at most 30k rows.
 *
 * Inside a transaction the ANALYZE runs in a savepoint and its failure is ignored: its lock
 * (SHARE UPDATE EXCLUSIVE, held to the end of the transaction) conflicts only with other
 * ANALYZE/VACUUM/DDL, never with reads or writes, so the worst case is two importers' ANALYZEs
 * waiting for each other, which Postgres breaks by failing one of them; that one is skipped.
 */

/** Rows inserted before the first ANALYZE of a table. */
const FIRST_ANALYZE_AT = 100

const inserted = new Map<string, { rows: number; next: number }>()

/** Count `rows` inserted into `table`; whether the table is due for ANALYZE now. */
export function dueForAnalyze(table: string, rows: number): boolean {
  const entry = inserted.get(table) ?? { rows: 0, next: FIRST_ANALYZE_AT }
  entry.rows += rows
  inserted.set(table, entry)
  if (entry.rows < entry.next) return false
  entry.next = entry.rows * 2
  return true
}
