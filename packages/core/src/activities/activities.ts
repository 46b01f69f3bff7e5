/**
 * `t.activities`: the timeline of interactions (emails, calls, meetings, notes, page views,
 * form submissions, custom types) attached to contacts, companies and deals.
 */

export type { ActivitiesService } from './api.js'

import type { ResolvedFilter } from '../filter/types.js'
import { baseRow, type EntityKind, getRecord, restoreRecord, softDelete } from '../shared/entity.js'
import { combine, queryPage, resolveWhere } from '../shared/list.js'
import { type Scope, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { QueryOrder } from '../storage/port.js'
import type { ActivitiesService } from './api.js'
import { type Activity, toActivity } from './records.js'
import {
  type ActivityCountOptions,
  activityCountOptionsSchema,
  activityInputSchema,
  timelineOptionsSchema,
} from './schemas.js'
import { assertTargets } from './targets.js'

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
        const row = Object.assign(baseRow(w), {
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
        })
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
