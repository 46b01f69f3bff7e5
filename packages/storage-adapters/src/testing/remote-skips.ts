/**
 * Tests of the conformance suite that cannot hold over HTTP by nature, each with its reason.
 * They skip themselves (with the reason as the skip note) only in a run through a transport.
 */
import type { TestContext } from 'vitest'
import type { SuiteContext } from './context.js'

/** Why a test cannot run through the remote client. */
export const remoteLimits = {
  functionArgument:
    'passes a function (importMany onProgress): functions cannot be sent over HTTP; the remote client refuses them with UnsupportedError',
  dateAsCalendarDate:
    'passes a Date object where a calendar date is expected: JSON turns it into a date-time string, which a calendar-date field refuses (send "YYYY-MM-DD" over HTTP)',
  streamedInput:
    'reads importMany rows from an iterable one window at a time: JSON carries arrays, so the remote client reads the whole iterable before sending (a rejecting iterable rejects before anything is written)',
} as const

/** Skip the running test when the suite runs through a transport. */
export function skipRemote(get: () => SuiteContext, test: TestContext, reason: keyof typeof remoteLimits): void {
  if (get().remote) test.skip(`over HTTP: ${remoteLimits[reason]}`)
}
