/**
 * Optional, typed port extensions: feature pushdowns an adapter may offer on
 * `adapter.extensions`. Core looks an extension up where it would use it and, when the adapter
 * does not offer it, falls back to the general port (get, findBy, query, count, linked,
 * aggregate) and does the work in JavaScript. Every extension has exactly one fallback, and
 * the conformance suite checks that an adapter's extension returns what the fallback would.
 *
 * Adding one (segment membership and score aggregation are next): a file here with its query
 * and result types and an interface of its methods, a key on {@link StorageExtensions}, the
 * fallback beside the feature in core, and a conformance test comparing the two.
 */
import type { AttributionPushdown } from './attribution.js'

export type { CustomFieldIndexes, IndexedCustomType } from './custom-field-indexes.js'

import type { CustomFieldIndexes } from './custom-field-indexes.js'

export type {
  AttributionData,
  AttributionDataQuery,
  AttributionJourneyRow,
  AttributionPathRow,
  AttributionPushdown,
  AttributionWeighting,
  AttributionWindow,
} from './attribution.js'

/** The extensions an adapter may offer. Each key is optional; absent means "core falls back". */
export interface StorageExtensions {
  /** Attribution journeys built in the database (see {@link AttributionPushdown}). */
  readonly attribution?: AttributionPushdown
  /** Expression indexes for custom fields declared `indexed: true` (see {@link CustomFieldIndexes}). */
  readonly customFieldIndexes?: CustomFieldIndexes
}
