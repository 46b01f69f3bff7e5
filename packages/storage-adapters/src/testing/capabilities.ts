/**
 * How the conformance suite treats what an adapter declares it cannot do, so that a small
 * third-party adapter (IndexedDB, DynamoDB) can pass it honestly:
 * - a capability flag set to `false` skips the tests that depend on it, each with the
 *   reason in the test's skip note and on the console;
 * - a port extension the adapter does not offer is not skipped: core's fallback does that
 *   work, and the same tests check the fallback's answers instead (the suite says so once).
 */
import type { StorageAdapter, StorageCapabilities } from '@crmkit/core/storage'

/** Each flag's default, as documented on `StorageCapabilities`. */
const DEFAULTS: Required<StorageCapabilities> = { supportsTransactions: true }

/** What each flag guarantees, for skip messages. */
const MEANING: Record<keyof StorageCapabilities, string> = {
  supportsTransactions: 'all-or-nothing transactions',
}

/** Whether `storage` has `flag`, a flag left out counting as its default. */
export function hasCapability(storage: StorageAdapter, flag: keyof StorageCapabilities): boolean {
  return storage.capabilities[flag] ?? DEFAULTS[flag]
}

/**
 * Skip the running test when the adapter declares `flag` false, with the reason printed.
 * Pass the test context's `skip`: `it('...', async ({ skip }) => { requireCapability(skip, storage, flag) })`.
 */
export function requireCapability(
  skip: (note?: string) => never,
  storage: StorageAdapter,
  flag: keyof StorageCapabilities,
): void {
  if (hasCapability(storage, flag)) return
  const reason = `skipped: needs ${MEANING[flag]}, and ${storage.dialect} declares ${flag}: false`
  console.log(`[crmkit conformance] ${storage.dialect}: ${reason}`)
  skip(reason)
}

/** One line per declared limitation or missing extension, printed when the suite starts. */
export function declarationNotes(storage: StorageAdapter): string[] {
  const notes: string[] = []
  for (const flag of Object.keys(DEFAULTS) as (keyof StorageCapabilities)[]) {
    if (!hasCapability(storage, flag)) notes.push(`${flag}: false (tests needing ${MEANING[flag]} are skipped)`)
  }
  if (!storage.extensions?.attribution) {
    notes.push("no attribution extension (reports use core's fallback; its answers are checked instead)")
  }
  return notes
}
