/**
 * @crmkit/analytics — the analytical half of crmkit. This entry point holds the pure statistics
 * (plain functions over plain data, for browsers, Node and workers), each checked against an
 * independent reference (R's glm, lm, kmeans, HoltWinters and the rfm package) in its tests.
 *
 * @packageDocumentation
 */

export type {
  AssociationRule,
  AssociationRuleOptions,
  FrequentItemset,
  ItemsetOptions,
} from './association/association-rules.js'
export { associationRules, frequentItemsets } from './association/association-rules.js'
export type { KMeansOptions, KMeansResult, KMeansWarning } from './clustering/kmeans.js'
export { kmeans } from './clustering/kmeans.js'
export type { SilhouetteResult } from './clustering/silhouette.js'
export { silhouette } from './clustering/silhouette.js'
export { pnorm, qnorm } from './distributions.js'
export { CollinearityError, SeparationError } from './errors.js'
export type { CalibrationBin, CalibrationOptions } from './evaluation/calibration.js'
export { calibrationTable } from './evaluation/calibration.js'
export type { RocPoint } from './evaluation/roc.js'
export { auc, rocCurve } from './evaluation/roc.js'
export type { HoltWintersForecast, HoltWintersModel, HoltWintersOptions } from './forecasting/holt-winters.js'
export { holtWinters } from './forecasting/holt-winters.js'
export type { LinearRegressionModel, LinearRegressionOptions } from './regression/linear-regression.js'
export { linearRegression } from './regression/linear-regression.js'
export type { LogisticRegressionModel, LogisticRegressionOptions } from './regression/logistic-regression.js'
export { logisticRegression } from './regression/logistic-regression.js'
export type { FitWarning, FitWarningCode, PredictRows } from './regression/shared.js'
export type {
  RfmBinSpec,
  RfmBins,
  RfmCustomer,
  RfmOptions,
  RfmOrder,
  RfmResult,
  RfmSegmentSummary,
  RfmThreshold,
} from './rfm/rfm.js'
export { rfm } from './rfm/rfm.js'
export type { RfmSegmentRule, ScoreRange } from './rfm/segments.js'
export { defaultRfmSegments, OTHERS_SEGMENT } from './rfm/segments.js'
// Sales analytics over crmkit data (sales/): functions taking a tenant (`crm.forTenant(...)`), reading
// through core's public API (`t.insights.cube` pushes aggregation down to SQL).
export type {
  ChurnMonth,
  ChurnOptions,
  ChurnRate,
  Cohort,
  CohortRetention,
  CustomerKind,
  CustomerLifetimeValue,
  CustomerOptions,
  Purchase,
} from './sales/customers.js'
export {
  churnFromPurchases,
  churnRate,
  cohortRetention,
  customerLifetimeValue,
  retentionMatrix,
} from './sales/customers.js'
export type {
  LeadConversionCoefficient,
  LeadConversionModel,
  LeadConversionModelOptions,
} from './sales/lead-conversion-model.js'
export { leadConversionModel } from './sales/lead-conversion-model.js'
export type { Frequency, Persona, PersonaOptions, Personas } from './sales/personas.js'
export { groupBy, personas } from './sales/personas.js'
export type {
  ForecastBucket,
  ForecastStage,
  PipelineForecast,
  PipelineForecastOptions,
} from './sales/pipeline-forecast.js'
export { pipelineForecast } from './sales/pipeline-forecast.js'
export type {
  RevenueForecast,
  RevenueForecastOptions,
  RevenueForecastPoint,
  RevenuePoint,
  RevenueSeries,
  RevenueSeriesOptions,
} from './sales/revenue.js'
export { revenueForecast, revenueSeries } from './sales/revenue.js'
export type { RfmSegmentState, RfmSegmentsOptions, RfmSegmentsResult } from './sales/rfm-segments.js'
export { rfmSegments } from './sales/rfm-segments.js'
export type { FunnelStep, SalesVelocity, SalesVelocityOptions, StageTime } from './sales/stage-metrics.js'
export { salesVelocity, stageFunnel, timeInStage } from './sales/stage-metrics.js'
