/**
 * `t.activities`: the timeline of interactions (emails, calls, meetings, notes, page views,
 * form submissions, custom types) attached to contacts, companies and deals.
 */

export type { ActivitiesService } from './api.js'

import type { ResolvedFilter } from '../filter/types.js'
import { baseRow } from '../shared/entity.js'
import { decodeCursor, encodeCursor } from '../shared/list.js'
import { type Scope, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { QueryOrder } from '../storage/port.js'
import type { ActivitiesService } from './api.js'
import { toActivity } from './records.js'
import { activityInputSchema, timelineOptionsSchema } from './schemas.js'
import { assertTargets } from './targets.js'

const NEWEST_FIRST: QueryOrder = { column: 'occurredAt', direction: 'desc' }

function equals(column: string, value: string): ResolvedFilter {
  return { kind: 'condition', target: { source: 'column', column, type: 'string' }, op: 'eq', value }
}

/** Create the service for one tenant scope. */
export function createActivitiesService(scope: Scope): ActivitiesService {
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

    async timeline(options) {
      const data = parse(timelineOptionsSchema, options ?? {}, 'timeline options')
      const conditions: ResolvedFilter[] = []
      for (const column of ['contactId', 'companyId', 'dealId'] as const) {
        const id = data[column]
        if (id !== undefined) conditions.push(equals(column, id))
      }
      if (data.types) {
        conditions.push({
          kind: 'condition',
          target: { source: 'column', column: 'type', type: 'string' },
          op: 'in',
          value: [...new Set(data.types)],
        })
      }
      const size = data.limit ?? 50
      const rows = await scope.storage.query('activities', scope.tenantId, {
        ...(conditions.length > 0 ? { where: { kind: 'all', nodes: conditions } } : {}),
        orderBy: NEWEST_FIRST,
        ...(data.cursor !== undefined ? { after: decodeCursor(data.cursor, NEWEST_FIRST) } : {}),
        limit: size + 1,
      })
      const page = rows.slice(0, size)
      const last = page[page.length - 1]
      return {
        items: page.map(toActivity),
        nextCursor: rows.length > size && last ? encodeCursor(NEWEST_FIRST, last) : null,
      }
    },
  }
}
