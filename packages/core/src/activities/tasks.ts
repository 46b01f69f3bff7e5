/**
 * `t.tasks`: to-dos with an assignee and a due time, optionally attached to a contact,
 * company or deal.
 */

export type { TasksService } from './api.js'

import { changedColumns } from '../shared/changes.js'
import { baseRow, type EntityKind, entityCrud, parseId } from '../shared/entity.js'
import { type WriteOptions, writeOptions } from '../shared/schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, write } from '../shared/scope.js'
import { parse } from '../shared/validation.js'
import type { StorageValue } from '../storage/port.js'
import type { TasksService } from './api.js'
import { type Task, toTask } from './records.js'
import { taskInputSchema, taskPatchSchema } from './schemas.js'
import { assertTargets } from './targets.js'

const ENTITY = 'task'

const kind: EntityKind<Task> = {
  table: 'tasks',
  entity: ENTITY,
  toRecord: toTask,
  emit: (w, what, task) => w.emit(what === 'deleted' ? 'task.deleted' : 'task.restored', { task }),
}

/** Create the service for one tenant scope. */
export function createTasksService(scope: Scope): TasksService {
  function setStatus(id: string, options: WriteOptions | undefined, done: boolean): Promise<Task> {
    const key = parseId(id)
    const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
    return versionedWrite(scope, expectedVersion, async (w) => {
      const current = await loadForWrite(w, 'tasks', ENTITY, key, expectedVersion)
      if ((current.status === 'completed') === done) return toTask(current)
      const patch = done ? { status: 'completed', completedAt: w.now } : { status: 'open', completedAt: null }
      const task = toTask(await casUpdate(w, 'tasks', ENTITY, current, patch))
      if (done) w.emit('task.completed', { task })
      else w.emit('task.updated', { task, changes: ['status', 'completedAt'] })
      return task
    })
  }

  return {
    ...entityCrud<Task, 'task'>(scope, kind),

    async create(input) {
      const data = parse(taskInputSchema, input, 'task')
      return write(scope, async (w) => {
        await assertTargets(w, data, 'task')
        const row = Object.assign(baseRow(w), {
          title: data.title,
          notes: data.notes ?? null,
          assignee: data.assignee ?? null,
          dueAt: data.dueAt ?? null,
          status: 'open',
          completedAt: null,
          contactId: data.contactId ?? null,
          companyId: data.companyId ?? null,
          dealId: data.dealId ?? null,
        })
        await w.session.insert('tasks', w.tenantId, [row])
        const task = toTask(row)
        w.emit('task.created', { task })
        return task
      })
    },

    async update(id, patch, options) {
      const key = parseId(id)
      const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
      const data = parse(taskPatchSchema, patch, 'task patch')
      return versionedWrite(scope, expectedVersion, async (w) => {
        const current = await loadForWrite(w, 'tasks', ENTITY, key, expectedVersion)
        await assertTargets(w, data, 'task patch')
        const columns: Record<string, StorageValue> = {}
        for (const [column, value] of Object.entries(data)) if (value !== undefined) columns[column] = value
        const changed = changedColumns(current, columns)
        const changes = Object.keys(changed)
        // Nothing differs from the stored values: no write, no new version, no event.
        if (changes.length === 0) return toTask(current)
        const task = toTask(await casUpdate(w, 'tasks', ENTITY, current, changed))
        w.emit('task.updated', { task, changes })
        return task
      })
    },

    complete: (id, options) => setStatus(id, options, true),
    reopen: (id, options) => setStatus(id, options, false),
  }
}
