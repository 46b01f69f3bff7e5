/** `t.attribution`: touchpoints, identities, conversions and attribution reports. The models are in `./models/`. */

export type { AttributionRows } from './journey-data.js'
export { computeAttributionData, NO_KEY, PATH_SEPARATOR, sortPathRows } from './journey-data.js'
export type { Conversion, TrackedTouchpoint } from './records.js'
export type { AttributionReport, AttributionReportRow, ReportOptions } from './report.js'
export { MAX_SPEND_ENTRIES, reportOptionsSchema } from './report.js'
export type { ConversionInput, ConversionOptions, TouchpointInput, TrackManyItem, TrackOptions } from './schemas.js'
export {
  conversionInputSchema,
  conversionOptionsSchema,
  touchpointInputSchema,
  trackManyItemSchema,
  trackOptionsSchema,
} from './schemas.js'
export type { AttributionService } from './service.js'
export type { IdentifyResult } from './writes.js'
