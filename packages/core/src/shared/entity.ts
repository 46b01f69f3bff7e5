/**
 * The entity-service building block: the base columns of a new record, the reads and soft
 * deletes every entity service shares (`entityReads`, `entityCrud`), and the validation of
 * an input together with its custom values (so one error lists every issue).
 */
import type * as z from 'zod/mini'
import { ConflictError, type ValidationIssue } from '../errors.js'
import type { FilterEntity } from '../filter/index.js'
import type { StorageRow, StorageValue } from '../storage/port.js'
import type { LinkTableName, TableName } from '../storage/tables.js'
import type { ServiceOf } from './api.js'
import type { CustomFieldValidator } from './custom-values.js'
import type { readApi, softDeleteApi } from './entity-api.js'
import { countRows, type ListSpec, listPage } from './list.js'
import { idRef, writeOptions } from './schemas.js'
import { casUpdate, loadForWrite, type Scope, versionedWrite, type WriteContext } from './scope.js'
import { check, parse, validationError } from './validation.js'

/** How a soft-deletable entity is stored and announced. */
export interface EntityKind<R> {
  readonly table: TableName
  /** Singular name for errors, e.g. `contact`. */
  readonly entity: string
  readonly toRecord: (row: StorageRow) => R
  /** Emit `<entity>.deleted` / `<entity>.restored`. */
  readonly emit: (w: WriteContext, what: 'deleted' | 'restored', record: R) => void
  /** Columns unique among live records (checked before a restore), e.g. `['email']`. */
  readonly unique?: readonly string[]
}

/**
 * Throw a `unique` ConflictError (naming the key, the value and the holder) when another live
 * record of `table` has `value` in `key`. Checked by core before the write, so the error is the
 * same on every adapter; the adapter's own unique index still guards against races.
 */
export async function assertUnique(
  w: WriteContext,
  table: TableName,
  entity: string,
  key: string,
  value: string | null | undefined,
  options: { readonly selfId?: string; readonly scope?: Readonly<Record<string, string>> } = {},
): Promise<void> {
  if (value === null || value === undefined) return
  const holders = await w.session.findBy(table, w.tenantId, { ...options.scope, [key]: value }, { limit: 2 })
  const holder = holders.find((row) => row.id !== options.selfId)
  if (holder) throw new ConflictError({ kind: 'unique', entity, key, value, id: String(holder.id) })
}

/** The base columns of a new versioned row (no soft delete, e.g. a touchpoint): a new id, version 1, created now. */
export function versionedRow(w: Pick<WriteContext, 'tenantId' | 'now' | 'newId'>): Record<string, StorageValue> {
  const { now } = w
  return { id: w.newId(), tenantId: w.tenantId, version: 1, createdAt: now, updatedAt: now }
}

/** The base columns of a new versioned, soft-deletable row: {@link versionedRow} plus `deletedAt: null`. */
export function baseRow(w: Pick<WriteContext, 'tenantId' | 'now' | 'newId'>): Record<string, StorageValue> {
  return Object.assign(versionedRow(w), { deletedAt: null })
}

/** get/list/count of an entity, as declared by `readApi`. */
export type EntityReads<R, E extends FilterEntity> = ServiceOf<ReturnType<typeof readApi<R, E>>>

/** get/list/count/delete/restore of a soft-deletable entity, as declared by `readApi` and `softDeleteApi`. */
export type EntityCrud<R, E extends FilterEntity> = EntityReads<R, E> & ServiceOf<ReturnType<typeof softDeleteApi<R>>>

/**
 * get/list/count of an entity for one tenant scope.
 * @param customFields - the tenant's custom fields of the entity, when it has any (filters may use them).
 */
export function entityReads<R, E extends FilterEntity>(
  scope: Scope,
  kind: Pick<EntityKind<R>, 'table' | 'toRecord'>,
  customFields?: ListSpec<R>['customFields'],
): EntityReads<R, E> {
  const spec: ListSpec<R> = customFields ? { ...kind, customFields } : kind
  return {
    get: (id) => getRecord(scope, kind, id),
    list: (options) => listPage(scope, spec, options),
    count: (options) => countRows(scope, spec, options),
  }
}

/** get/list/count/delete/restore of a soft-deletable entity for one tenant scope (see {@link entityReads}). */
export function entityCrud<R, E extends FilterEntity>(
  scope: Scope,
  kind: EntityKind<R>,
  customFields?: ListSpec<R>['customFields'],
): EntityCrud<R, E> {
  return Object.assign(entityReads<R, E>(scope, kind, customFields), {
    delete: (id: string, options?: unknown) => softDelete(scope, kind, id, options),
    restore: (id: string, options?: unknown) => restoreRecord(scope, kind, id, options),
  })
}

/** Validate an id argument. */
export function parseId(id: unknown): string {
  return parse(idRef, id, 'id')
}

/** A live record by id, or `null` (absent, soft-deleted, or another tenant's). */
export async function getRecord<R>(
  scope: Scope,
  kind: Pick<EntityKind<R>, 'table' | 'toRecord'>,
  id: unknown,
): Promise<R | null> {
  const row = await scope.storage.get(kind.table, scope.tenantId, parseId(id))
  return row ? kind.toRecord(row) : null
}

/**
 * Soft-delete a live record: it disappears from every read and filter.
 * @throws NotFoundError when absent; ConflictError for a stale `expectedVersion`.
 */
export async function softDelete<R>(scope: Scope, kind: EntityKind<R>, id: unknown, options: unknown): Promise<R> {
  const key = parseId(id)
  const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const current = await loadForWrite(w, kind.table, kind.entity, key, expectedVersion)
    const record = kind.toRecord(await casUpdate(w, kind.table, kind.entity, current, { deletedAt: w.now }))
    kind.emit(w, 'deleted', record)
    return record
  })
}

/**
 * Bring back a soft-deleted record (a live one is returned unchanged).
 * @throws NotFoundError when absent; ConflictError for a stale `expectedVersion` or when a
 *   live record now holds one of its unique keys (e.g. a contact's email).
 */
export async function restoreRecord<R>(scope: Scope, kind: EntityKind<R>, id: unknown, options: unknown): Promise<R> {
  const key = parseId(id)
  const { expectedVersion } = parse(writeOptions, options ?? {}, 'options')
  return versionedWrite(scope, expectedVersion, async (w) => {
    const current = await loadForWrite(w, kind.table, kind.entity, key, expectedVersion, { includeDeleted: true })
    if (current.deletedAt === null || current.deletedAt === undefined) return kind.toRecord(current)
    for (const column of kind.unique ?? []) {
      const value = current[column]
      await assertUnique(w, kind.table, kind.entity, column, typeof value === 'string' ? value : null, { selfId: key })
    }
    const record = kind.toRecord(await casUpdate(w, kind.table, kind.entity, current, { deletedAt: null }))
    kind.emit(w, 'restored', record)
    return record
  })
}

function customOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null && 'custom' in input
    ? (input as { custom: unknown }).custom
    : undefined
}

/**
 * Validate an input with its schema and its `custom` values with the tenant's rules, and
 * report all issues of both in one ValidationError.
 */
export function parseWithCustom<S extends z.ZodMiniType, C>(
  schema: S,
  input: unknown,
  what: string,
  custom: (values: unknown) => { readonly values: C; readonly issues: ValidationIssue[] },
): { readonly data: z.output<S>; readonly custom: C } {
  const result = checkWithCustom(schema, input, custom)
  if (!result.ok) throw validationError(what, result.issues)
  return result
}

/** Like {@link parseWithCustom}, without throwing (for imports). */
export function checkWithCustom<S extends z.ZodMiniType, C>(
  schema: S,
  input: unknown,
  custom: (values: unknown) => { readonly values: C; readonly issues: ValidationIssue[] },
):
  | { readonly ok: true; readonly data: z.output<S>; readonly custom: C }
  | { readonly ok: false; readonly issues: ValidationIssue[] } {
  const parsed = check(schema, input)
  const customResult = custom(customOf(input))
  const issues = parsed.ok ? customResult.issues : [...parsed.issues, ...customResult.issues]
  if (!parsed.ok || issues.length > 0) return { ok: false, issues }
  return { ok: true, data: parsed.value, custom: customResult.values }
}

type CreateCheck = (values: unknown) => ReturnType<CustomFieldValidator['create']>
type PatchCheck = (values: unknown) => ReturnType<CustomFieldValidator['patch']>

/** Bind a validator's `create` or `patch` mode for {@link parseWithCustom}. */
export function customMode(validator: CustomFieldValidator, mode: 'create'): CreateCheck
export function customMode(validator: CustomFieldValidator, mode: 'patch'): PatchCheck
export function customMode(validator: CustomFieldValidator, mode: 'create' | 'patch'): CreateCheck | PatchCheck {
  return mode === 'create' ? (v) => validator.create(v) : (v) => validator.patch(v)
}

/** An issue per id in `ids` that is not among `found` (references to other records). */
export function missingRefs(
  path: string,
  ids: readonly string[],
  found: ReadonlySet<string>,
  entity: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  ids.forEach((id, index) => {
    if (!found.has(id)) issues.push({ path: [path, index], message: `No ${entity} with id ${id}`, code: 'custom' })
  })
  return issues
}

/** The ids among `ids` that exist (live) in `table` of the write's tenant. */
export async function existingIds(w: WriteContext, table: TableName, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await w.session.findBy(table, w.tenantId, { id: ids }, { links: false })
  return new Set(rows.map((row) => String(row.id)))
}

/** Names of the fields a patch sets. */
export function changedFields(data: object): string[] {
  return Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
}

/** Replace the links of record `id` in link table `table`: `current` becomes `next` (ids of the other side). */
export async function syncLinks(
  w: WriteContext,
  table: LinkTableName,
  id: string,
  current: readonly string[],
  next: readonly string[],
): Promise<void> {
  const before = new Set(current)
  const after = new Set(next)
  const added = next.filter((other) => !before.has(other)).map((other) => [id, other] as const)
  const removed = current.filter((other) => !after.has(other)).map((other) => [id, other] as const)
  if (added.length > 0) await w.session.link(table, w.tenantId, added, w.now)
  if (removed.length > 0) await w.session.unlink(table, w.tenantId, removed)
}
