/**
 * Custom field definition records.
 */

import type { CustomFieldType } from '../shared/custom-values.js'
import { base, num, type RecordBase, str, strings } from '../shared/rows.js'
import type { StorageRow } from '../storage/port.js'
import type { CustomFieldEntity } from './schemas.js'

/** A custom field definition. */
export interface CustomFieldDefinition extends RecordBase {
  readonly entity: CustomFieldEntity
  /** Key inside the record's `custom` object; filter it as `custom.<key>`. */
  readonly key: string
  readonly label: string
  readonly type: CustomFieldType
  /** Allowed values of select/multiselect fields (empty for other types). */
  readonly options: string[]
  readonly required: boolean
  /** Whether a database index serves filters and sorts on it (see `customFields.define`). */
  readonly indexed: boolean
}

/** Read a definition row. */
export function toCustomFieldDefinition(row: StorageRow): CustomFieldDefinition {
  return Object.assign(base(row), {
    entity: str(row, 'entity') as CustomFieldEntity,
    key: str(row, 'key'),
    label: str(row, 'label'),
    type: str(row, 'type') as CustomFieldType,
    options: strings(row, 'options'),
    required: num(row, 'required') === 1,
    indexed: row.indexed === 1,
  })
}
