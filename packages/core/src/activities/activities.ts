/**
 * `t.activities`: the timeline of interactions (emails, calls, meetings, notes, page views,
 * form submissions, custom types) attached to contacts, companies and deals.
 */
import type { ResolvedFilter } from '../filter/types.js'
import { type EntityKind, getRecord, restoreRecord, softDelete } from '../shared/entity.js'
import { combine, type Page, queryPage, resolveWhere } from '../shared/list.js'
import type { WriteOptions } from '../shared/schemas.js'
import { type Scope, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { QueryOrder } from '../storage/port.js'
import { type Activity, toActivity } from './records.js'
import {
  type ActivityCountOptions,
  type ActivityInput,
  activityCountOptionsSchema,
  activityInputSchema,
  type TimelineOptions,
  timelineOptionsSchema,
} from './schemas.js'
import { assertTargets } from './targets.js'
import type { ActivityPatch } from './update.js'

/** `t.activities`. */
export interface ActivitiesService {
  /**
   * Log an activity (default `occurredAt`: now).
   * @throws ValidationError for bad input, no target, or a target that does not exist.
   */
  log(input: ActivityInput): Promise<Activity>
  /** A live activity, or `null` (absent, deleted, or another tenant's). */
  get(id: string): Promise<Activity | null>
  /**
   * Newest first (by `occurredAt`, ties by id): optionally of one contact/company/deal, of
   * some types, matching `where`, with `occurredAt` in `[from, to)`.
   * @throws ValidationError for bad options or a cursor of another list.
   */
  timeline(options?: TimelineOptions): Promise<Page<Activity>>
  /** Number of live activities the same options select. @throws ValidationError. */
  count(options?: ActivityCountOptions): Promise<number>
  /**
   * Change some fields (`null` clears one; `metadata` is replaced whole). The activity keeps
   * its actor and at least one target. A patch that changes nothing keeps the version and
   * emits no event.
   * @throws NotFoundError, ValidationError (bad input, no target left, unknown target), ConflictError.
   */
  update(id: string, patch: ActivityPatch, options?: WriteOptions): Promise<Activity>
  /** Soft-delete: it leaves the timeline, counts and filters. @throws NotFoundError, ConflictError. */
  delete(id: string, options?: WriteOptions): Promise<Activity>
  /** Undo a soft delete (a live activity is returned unchanged). @throws NotFoundError, ConflictError. */
  restore(id: string, options?: WriteOptions): Promise<Activity>
}

const ENTITY = 'activity'

const NEWEST_FIRST: QueryOrder = { column: 'occurredAt', direction: 'desc' }

const kind: EntityKind<Activity> = {
  table: 'activities',
  entity: ENTITY,
  toRecord: toActivity,
  emit: (w, what, activity) => w.emit(what === 'deleted' ? 'activity.deleted' : 'activity.restored', { activity }),
}

const condition = (column: string, op: 'eq' | 'in' | 'gte' | 'lt', value: string | string[]): ResolvedFilter => ({
  kind: 'condition',
  target: { source: 'column', column, type: column === 'occurredAt' ? 'timestamp' : 'string' },
  op,
  value,
})

/** Create the service for one tenant scope. */
export function createActivitiesService(scope: Scope): ActivitiesService {
  /** The filter of validated timeline/count options. */
  async function filterOf(data: ActivityCountOptions & { from?: string; to?: string }) {
    let where = await resolveWhere(scope, { table: 'activities' }, data.where)
    for (const column of ['contactId', 'companyId', 'dealId'] as const) {
      const id = data[column]
      if (id !== undefined) where = combine(where, condition(column, 'eq', id))
    }
    if (data.types) where = combine(where, condition('type', 'in', [...new Set(data.types)]))
    if (data.from !== undefined) where = combine(where, condition('occurredAt', 'gte', data.from))
    if (data.to !== undefined) where = combine(where, condition('occurredAt', 'lt', data.to))
    return where
  }

  return {
    async log(input) {
      const data = parse(activityInputSchema, input, 'activity')
      return write(scope, async (w) => {
        await assertTargets(w, data, 'activity')
        const row = {
          id: w.newId(),
          tenantId: w.tenantId,
          version: 1,
          createdAt: w.now,
          updatedAt: w.now,
          deletedAt: null,
          type: data.type,
          channel: data.channel ?? null,
          subject: data.subject ?? null,
          body: data.body ?? null,
          occurredAt: data.occurredAt ?? w.now,
          contactId: data.contactId ?? null,
          companyId: data.companyId ?? null,
          dealId: data.dealId ?? null,
          actor: w.actor,
          metadata: data.metadata ?? {},
        }
        await w.session.insert('activities', w.tenantId, [row])
        const activity = toActivity(row)
        w.emit('activity.logged', { activity })
        return activity
      })
    },

    get: (id) => getRecord(scope, kind, id),

    async timeline(options) {
      const data = parse(timelineOptionsSchema, options ?? {}, 'timeline options')
      return queryPage(scope, kind, { ...data, where: await filterOf(data), orderBy: NEWEST_FIRST })
    },

    async count(options) {
      const where = await filterOf(parse(activityCountOptionsSchema, options ?? {}, 'count options'))
      return scope.storage.count('activities', scope.tenantId, where ? { where } : {})
    },

    update: async (id, patch, options) => (await import('./update.js')).updateActivity(scope, id, patch, options),

    delete: (id, options) => softDelete(scope, kind, id, options),
    restore: (id, options) => restoreRecord(scope, kind, id, options),
  }
}
