/**
 * Declarations shared by the entity services (see `shared/api.ts`): the arguments every
 * versioned write takes, get/list/count/delete/restore of an entity with records `R`, and
 * its `updateMany`.
 */
import type { FilterEntity } from '../filter/index.js'
import { arg, mutation, optional, query, returns, typedArg } from './api.js'
import { type CountOptions, countOptionsSchema, type ListOptions, listOptionsSchema, type Page } from './list.js'
import { idRef, writeOptions } from './schemas.js'
import {
  type UpdateManyInput,
  type UpdateManyResult,
  updateManyInputSchema,
  updateManyOptionsSchema,
} from './update-many.js'

/** The id of the record a method reads or writes. */
export const idArg = arg('id', idRef)

/** `{ expectedVersion }` of a versioned write. */
export const writeOptionsArg = optional('options', writeOptions)

/** get/list/count of an entity whose records are `R` (filter field names of entity `E`). */
export const readApi = <R, E extends FilterEntity>() => ({
  /** A live record by id, or `null` (absent, soft-deleted, or another tenant's). */
  get: query({ args: [idArg], result: returns<R | null>() }),
  /** One page of live records matching `where`, in `sort` order. */
  list: query({
    args: [typedArg<ListOptions<E>>()(optional('options', listOptionsSchema))],
    result: returns<Page<R>>(),
  }),
  /** Number of live records matching `where`. */
  count: query({
    args: [typedArg<CountOptions<E>>()(optional('options', countOptionsSchema))],
    result: returns<number>(),
  }),
})

/** delete/restore of a soft-deletable entity whose records are `R`. */
export const softDeleteApi = <R>() => ({
  /**
   * Soft-delete: the record disappears from every read and filter (`restore` brings it back).
   * @throws NotFoundError when absent; ConflictError for a stale `expectedVersion`.
   */
  // Idempotent: a repeat finds no live record (NotFoundError) and writes nothing.
  delete: mutation({ args: [idArg, writeOptionsArg], result: returns<R>(), idempotent: true }),
  /**
   * Undo a soft delete (a live record is returned unchanged).
   * @throws NotFoundError when absent; ConflictError for a stale `expectedVersion` or when a
   *   live record now holds one of its unique keys (e.g. a contact's email).
   */
  // Idempotent: restoring a live record returns it unchanged.
  restore: mutation({ args: [idArg, writeOptionsArg], result: returns<R>(), idempotent: true }),
})

/**
 * `updateMany` of an entity whose `update` patch is `P` (each entity states its own JSDoc).
 * Idempotent: a repeat with the same input finds the records already updated unchanged and
 * writes nothing (it finishes a job a failed batch left half done).
 */
export const updateManyMethod = <P>() =>
  mutation({
    args: [
      typedArg<UpdateManyInput<P>>()(arg('input', updateManyInputSchema)),
      optional('options', updateManyOptionsSchema),
    ],
    result: returns<UpdateManyResult>(),
    idempotent: true,
  })
