/**
 * The declaration of `t.contacts` (see `shared/api.ts`); {@link ContactsService} derives from it.
 */
import * as z from 'zod/mini'
import type { FilterNode } from '../filter/types.js'
import type { ExplainNode } from '../segmentation/explain-tree.js'
import { arg, defineService, mutation, optional, query, returns, type ServiceOf } from '../shared/api.js'
import { idArg, readApi, softDeleteApi, updateManyMethod, writeOptionsArg } from '../shared/entity-api.js'
import { idRef } from '../shared/schemas.js'
import { type ImportResult, importOptionsSchema, importRowsSchema } from './import.js'
import type { Contact } from './records.js'
import { type ContactPatch, contactInputSchema, contactPatchSchema } from './schemas.js'

const companyArgs = [arg('contactId', idRef), arg('companyId', idRef)] as const

/** `t.contacts`, declared. */
export const contactsApi = defineService({
  /**
   * Create a contact.
   * @throws ValidationError for bad input or unknown company ids; ConflictError when a live
   *   contact of the tenant already has the email.
   */
  // Not idempotent: without an email a repeat creates a second contact.
  create: mutation({ args: [arg('input', contactInputSchema)], result: returns<Contact>(), idempotent: false }),
  ...readApi<Contact, 'contact'>(),
  /**
   * Update some fields. With `expectedVersion`, a concurrent change is a ConflictError;
   * without it the patch is applied to the latest version. A patch whose values equal the
   * stored ones writes nothing: same version, same `updatedAt`, no event.
   * @throws NotFoundError, ValidationError, ConflictError (`kind: 'unique'` for a taken email).
   */
  // Idempotent: a repeat finds the values already stored and writes nothing (same version, no event).
  update: mutation({
    args: [idArg, arg('patch', contactPatchSchema), writeOptionsArg],
    result: returns<Contact>(),
    idempotent: true,
  }),
  ...softDeleteApi<Contact>(),
  /**
   * Set the same fields on every live contact matching `where`: `set` is validated like
   * `update`'s patch (`email`, unique per contact, cannot be set in bulk). Each batch of up to
   * `batchSize` contacts (default 500, max 1000) is one transaction; a contact whose values
   * already equal `set` is left alone (no new version, no event); each changed contact emits
   * `contact.updated` after its batch commits. If a batch fails, earlier batches stay written:
   * calling again with the same input finishes the job, as the contacts already updated are
   * then unchanged.
   * @throws ValidationError for bad input (nothing written).
   */
  // Idempotent: a repeat finds the contacts already updated unchanged and writes nothing.
  updateMany: updateManyMethod<ContactPatch>(),
  /**
   * Upsert many contacts by email in batches (one transaction each). Invalid rows are
   * reported in `failed` and never prevent the valid rows from being written.
   *
   * All rows with the same email are merged in input order into one record: the first counts
   * as `created`, `updated` or `unchanged` (nothing to change: no write, no event), each later
   * one is listed in `merged` (`{ index, into, id }`). Every row is counted once, and exactly
   * one `contact.created` per created and one `contact.updated` per updated record is emitted.
   *
   * `rows` may be an array or any iterable / async iterable (a generator, parsed CSV lines),
   * read one batch at a time with bounded memory; rows of one email are then merged within a
   * window of `batchSize` rows, and a later window's row updates the contact as a new import would.
   */
  // Not idempotent: rows without an email create new contacts on every import.
  importMany: mutation({
    args: [arg('rows', importRowsSchema), optional('options', importOptionsSchema)],
    result: returns<ImportResult>(),
    idempotent: false,
  }),
  /**
   * Explain a condition on one contact: the condition tree with, for every node, whether it
   * held (`true`, `false`, or `null` for UNKNOWN) and the values that decided it
   * (`{ matched: 3, summary: '3 activities matched, needed >= 3: held' }`). The root's `held`
   * is `true` exactly when `list({ where })` includes the contact.
   * @throws ValidationError for a bad condition (paths under `where`), NotFoundError for the contact.
   */
  explain: query({
    args: [arg('where', z.custom<FilterNode>()), arg('contactId', idRef)],
    result: returns<ExplainNode>(),
  }),
  /** Link a company (no-op when already linked). @throws NotFoundError for either id. */
  // Idempotent: linking a linked company changes nothing.
  linkCompany: mutation({ args: companyArgs, result: returns<Contact>(), idempotent: true }),
  /** Unlink a company (no-op when not linked). @throws NotFoundError for the contact. */
  // Idempotent: unlinking an unlinked company changes nothing.
  unlinkCompany: mutation({ args: companyArgs, result: returns<Contact>(), idempotent: true }),
})

/** `t.contacts`. */
export interface ContactsService extends ServiceOf<typeof contactsApi> {}
