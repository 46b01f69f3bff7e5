/**
 * Lookups by a value no row can hold. Core refuses NUL in every string it writes (PostgreSQL's
 * text type cannot hold one, and a NUL parameter is a driver error there), so a key or filter value
 * with NUL — an attacker's id from a URL, say — matches nothing, on every dialect, without a query.
 * The session (get/findBy/update/linked) and the filter compiler (`eq`/`in` on ids core passes
 * through) share this one rule.
 */
export function couldBeStored(value: unknown): boolean {
  return typeof value !== 'string' || !value.includes('\u0000')
}
