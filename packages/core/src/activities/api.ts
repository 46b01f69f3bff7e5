/**
 * The declarations of `t.activities` and `t.tasks` (see `shared/api.ts`); {@link ActivitiesService}
 * and {@link TasksService} derive from them.
 */
import { arg, defineService, mutation, optional, query, returns, type ServiceOf } from '../shared/api.js'
import { idArg, readApi, softDeleteApi, writeOptionsArg } from '../shared/entity-api.js'
import type { Page } from '../shared/list.js'
import type { Activity, Task } from './records.js'
import {
  activityCountOptionsSchema,
  activityInputSchema,
  taskInputSchema,
  taskPatchSchema,
  timelineOptionsSchema,
} from './schemas.js'
import { activityPatchSchema } from './update.js'

/** `t.activities`, declared. */
export const activitiesApi = defineService({
  /**
   * Log an activity (default `occurredAt`: now).
   * @throws ValidationError for bad input, no target, or a target that does not exist.
   */
  // Not idempotent: a repeat logs a second activity.
  log: mutation({ args: [arg('input', activityInputSchema)], result: returns<Activity>(), idempotent: false }),
  /** A live activity, or `null` (absent, deleted, or another tenant's). */
  get: query({ args: [idArg], result: returns<Activity | null>() }),
  /**
   * Newest first (by `occurredAt`, ties by id): optionally of one contact/company/deal, of
   * some types, matching `where`, with `occurredAt` in `[from, to)`.
   * @throws ValidationError for bad options or a cursor of another list.
   */
  timeline: query({ args: [optional('options', timelineOptionsSchema)], result: returns<Page<Activity>>() }),
  /** Number of live activities the same options select. @throws ValidationError. */
  count: query({ args: [optional('options', activityCountOptionsSchema)], result: returns<number>() }),
  /**
   * Change some fields (`null` clears one; `metadata` is replaced whole). The activity keeps
   * its actor and at least one target. A patch that changes nothing keeps the version and
   * emits no event.
   * @throws NotFoundError, ValidationError (bad input, no target left, unknown target), ConflictError.
   */
  // Idempotent: a repeat finds the values already set, keeps the version and emits no event.
  update: mutation({
    args: [idArg, arg('patch', activityPatchSchema), writeOptionsArg],
    result: returns<Activity>(),
    idempotent: true,
  }),
  ...softDeleteApi<Activity>(),
})

/** `t.tasks`, declared. */
export const tasksApi = defineService({
  /** Create an open task. @throws ValidationError (bad input or unknown target). */
  // Not idempotent: a repeat creates a second task.
  create: mutation({ args: [arg('input', taskInputSchema)], result: returns<Task>(), idempotent: false }),
  ...readApi<Task, 'task'>(),
  /** Update fields; a patch equal to the stored values writes nothing. @throws NotFoundError, ValidationError, ConflictError. */
  // Idempotent: a repeat finds the values already stored and writes nothing (same version, no event).
  update: mutation({
    args: [idArg, arg('patch', taskPatchSchema), writeOptionsArg],
    result: returns<Task>(),
    idempotent: true,
  }),
  /** Mark done (`completedAt` = now). A completed task is returned unchanged. */
  // Idempotent: completing a completed task changes nothing.
  complete: mutation({ args: [idArg, writeOptionsArg], result: returns<Task>(), idempotent: true }),
  /** Open a completed task again (clears `completedAt`). An open task is returned unchanged. */
  // Idempotent: reopening an open task changes nothing.
  reopen: mutation({ args: [idArg, writeOptionsArg], result: returns<Task>(), idempotent: true }),
  ...softDeleteApi<Task>(),
})

/** `t.activities`. */
export interface ActivitiesService extends ServiceOf<typeof activitiesApi> {}

/** `t.tasks`. */
export interface TasksService extends ServiceOf<typeof tasksApi> {}
