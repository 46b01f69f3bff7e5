/**
 * `activities.update`, loaded on first use: editing a logged activity is rare next to
 * logging and reading the timeline, so its code stays out of the initial bundle.
 */
import * as z from 'zod/mini'
import { changedColumns } from '../shared/changes.js'
import { parseId } from '../shared/entity.js'
import { writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite } from '../shared/scope.js'
import { parse, validationError } from '../shared/validation.js'
import type { StorageValue } from '../storage/port.js'
import { type Activity, toActivity } from './records.js'
import { activityFields, noTargetIssue } from './schemas.js'
import { assertTargets } from './targets.js'

/**
 * Input of `activities.update`: any subset of the fields; `null` clears a field. The actor
 * stays the one who logged it, and the activity must keep at least one target.
 */
export const activityPatchSchema = z.partial(z.strictObject(activityFields))

/** Input of `activities.update`. */
export type ActivityPatch = z.input<typeof activityPatchSchema>

/** See `ActivitiesService.update`. */
export async function updateActivity(scope: Scope, id: unknown, patch: unknown, options: unknown): Promise<Activity> {
  const key = parseId(id)
  const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
  const data = parse(activityPatchSchema, patch, 'activity patch')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const current = await loadForWrite(w, 'activities', 'activity', key, expectedVersion)
    const columns: Record<string, StorageValue> = {}
    for (const [column, value] of Object.entries(data)) if (value !== undefined) columns[column] = value
    const changed = changedColumns(current, columns)
    const changes = Object.keys(changed)
    // Nothing differs from the stored values: no write, no new version, no event.
    if (changes.length === 0) return toActivity(current)
    const next = { ...current, ...columns }
    if (!next.contactId && !next.companyId && !next.dealId) throw validationError('activity patch', [noTargetIssue()])
    await assertTargets(w, data, 'activity patch')
    const activity = toActivity(await casUpdate(w, 'activities', 'activity', current, changed))
    w.emit('activity.updated', { activity, changes })
    return activity
  })
}
