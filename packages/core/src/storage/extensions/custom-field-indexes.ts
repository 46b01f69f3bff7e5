/**
 * Database indexes for custom fields declared `indexed: true`. A custom value lives in the
 * record's JSON `custom` column; an adapter that can index an expression over it creates one
 * so filters and sorts on `custom.<key>` seek instead of scanning the tenant's rows.
 *
 * Fallback: none is needed. An adapter without this extension (memory) answers the same
 * filters by evaluating them; the index only changes how fast, never what is returned.
 */
import type { TableName } from '../tables.js'

/** The scalar type a custom field is read as (what filters and sorts compare). */
export type IndexedCustomType = 'string' | 'number' | 'boolean' | 'date'

/** Create (if missing) indexes over custom-field values. */
export interface CustomFieldIndexes {
  /**
   * Make sure the index over `custom.<key>` read as `type` exists on `table`. Idempotent and
   * safe when several processes call it at once; shared by every tenant that declares the same
   * key with the same type (each index entry leads with the tenant id).
   */
  ensure(table: TableName, key: string, type: IndexedCustomType): Promise<void>
}
