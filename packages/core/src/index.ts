/**
 * @crmkit/core — the CRM domain of crmkit: contacts, companies, pipelines, deals,
 * activities, tasks, custom fields, the filter language and the storage port.
 *
 * @packageDocumentation
 */

export type { ActivitiesService, TasksService } from './activities/api.js'
export type { Activity, Task } from './activities/records.js'
export type {
  ActivityCountOptions,
  ActivityInput,
  ActivityType,
  TaskInput,
  TaskPatch,
  TaskStatus,
  TimelineOptions,
} from './activities/schemas.js'
export {
  activityCountOptionsSchema,
  activityInputSchema,
  activityTypeSchema,
  builtInActivityTypes,
  taskInputSchema,
  taskPatchSchema,
  taskStatuses,
  timelineOptionsSchema,
} from './activities/schemas.js'
export type { ActivityPatch } from './activities/update.js'
export { activityPatchSchema } from './activities/update.js'
export type {
  AttributionReport,
  AttributionReportRow,
  AttributionService,
  Conversion,
  ConversionInput,
  ConversionOptions,
  IdentifyResult,
  ReportOptions,
  TouchpointInput,
  TrackedTouchpoint,
  TrackManyItem,
  TrackOptions,
} from './attribution/index.js'
export {
  conversionInputSchema,
  conversionOptionsSchema,
  MAX_SPEND_ENTRIES,
  NO_KEY,
  PATH_SEPARATOR,
  reportOptionsSchema,
  touchpointInputSchema,
  trackManyItemSchema,
  trackOptionsSchema,
} from './attribution/index.js'
export type {
  AggregatedPath,
  AnyPathAttribution,
  ChannelCredit,
  CustomWeights,
  HeuristicPathOptions,
  Journey,
  JourneyAttribution,
  JourneyAttributionOptions,
  MarkovAttribution,
  MarkovChannelCredit,
  MarkovOptions,
  MarkovTransition,
  Milestone,
  PathAttribution,
  PathAttributionOptions,
  PathAttributionTotals,
  ShapleyAttribution,
  ShapleyChannelCredit,
  ShapleyOptions,
  Touchpoint,
  WindowedTouch,
} from './attribution/models/index.js'
export {
  aggregatedPathSchema,
  attribute,
  attributeJourneys,
  journeyAttributionOptionsSchema,
  journeySchema,
  PreparedPaths,
  pathAttributionOptionsSchema,
  preparePaths,
  touchpointCredits,
  touchpointSchema,
} from './attribution/models/index.js'
export type { Clock } from './clock.js'
export { isStorableDate, systemClock, toDateString, toTimestamp } from './clock.js'
export type { CompaniesService } from './companies/api.js'
export type { Company } from './companies/records.js'
export type { CompanyInput, CompanyPatch } from './companies/schemas.js'
export { companyInputSchema, companyPatchSchema } from './companies/schemas.js'
export type { ContactsService } from './contacts/api.js'
export type {
  ImportFailure,
  ImportMerge,
  ImportOptions,
  ImportProgress,
  ImportResult,
  ImportRows,
} from './contacts/import.js'
export { DEFAULT_BATCH_SIZE, importOptionsSchema, importRowsSchema } from './contacts/import.js'
export type { Contact } from './contacts/records.js'
export type { ContactInput, ContactPatch, LifecycleStage } from './contacts/schemas.js'
export { contactInputSchema, contactPatchSchema, lifecycleStageSchema, lifecycleStages } from './contacts/schemas.js'
export type { CreateCrmOptions, Crm, TenantCrm, TenantOptions } from './crm.js'
export { createCrm, createCrmOptionsSchema, tenantIdSchema, tenantOptionsSchema } from './crm.js'
export type { CustomFieldsService } from './custom-fields/api.js'
export { MAX_CUSTOM_VALUES_LENGTH, mergeCustomValues } from './custom-fields/merge.js'
export type { CustomFieldDefinition } from './custom-fields/records.js'
export type { CustomFieldDefineInput, CustomFieldEntity, CustomFieldListOptions } from './custom-fields/schemas.js'
export {
  customFieldDefineSchema,
  customFieldEntities,
  customFieldEntitySchema,
  customFieldListOptionsSchema,
} from './custom-fields/schemas.js'
export type { CustomFieldPatch } from './custom-fields/update.js'
export { customFieldPatchSchema } from './custom-fields/update.js'
export type { Checked, CustomFieldRule } from './custom-fields/validate.js'
export { checkCustomValue, compileCustomFields, isCalendarDate } from './custom-fields/validate.js'
export type { ConflictDetails, CrmErrorCode, UniqueConflict, ValidationIssue, VersionConflict } from './errors.js'
export {
  ConflictError,
  CrmError,
  ForbiddenError,
  NotFoundError,
  OverflowError,
  StorageError,
  TransportError,
  UnauthorizedError,
  UnsupportedError,
  ValidationError,
} from './errors.js'
export type { EventsService } from './events/api.js'
export type { CrmEventBus, EventBus } from './events/bus.js'
export { createEventBus, isEventOfType } from './events/bus.js'
export type { EventListOptions, EventPage } from './events/schemas.js'
export { eventListOptionsSchema } from './events/schemas.js'
export type {
  AnyCrmEvent,
  CrmEvent,
  CrmEventErrorListener,
  CrmEventListener,
  CrmEventMap,
  CrmEventType,
} from './events/types.js'
export { crmEventTypes } from './events/types.js'
export { filterValueTypeOf } from './filter/fields.js'
export type {
  CustomFieldShape,
  FilterContext,
  FilterEntity,
  FilterField,
  SortField,
  SortInput,
  Truth,
} from './filter/index.js'
export {
  compareCodePoints,
  evaluateFilter,
  evaluateFilterTruth,
  filterLimits,
  filterNodeSchema,
  filterOperators,
  foldCase,
  operatorsByType,
  resolveFilter,
  resolveSearch,
  resolveSort,
  searchFields,
  searchLimits,
} from './filter/index.js'
export type {
  Comparison,
  ComparisonOperator,
  FieldCondition,
  FilterCondition,
  FilterInputValue,
  FilterNode,
  FilterOperator,
  FilterScalar,
  FilterTarget,
  FilterTree,
  FilterValueType,
  RelatedCondition,
  RelatedMeasure,
  RelativeDateOperator,
  ResolvedFilter,
  ResolvedOperator,
  ResolvedRelated,
  SegmentReference,
  TimeWindow,
} from './filter/types.js'
export type { IdGenerator, IdGeneratorOptions } from './ids.js'
export { createIdGenerator, isUuidV7, uuidv7, uuidv7Time } from './ids.js'
export type { InsightsService } from './insights/api.js'
export type { CubePlan } from './insights/cube.js'
export { planCube } from './insights/cube.js'
export type { CubeResult, CubeRow } from './insights/results.js'
export type {
  CubeDimension,
  CubeEntity,
  CubeMeasure,
  CubeOptions,
  TransitionOptions,
  TransitionStreamOptions,
} from './insights/schemas.js'
export {
  cubeDimensionSchema,
  cubeEntities,
  cubeFunctions,
  cubeGranularities,
  cubeMeasureSchema,
  cubeOptionsSchema,
  transitionOptionsSchema,
  transitionStreamOptionsSchema,
} from './insights/schemas.js'
export type { DealsService, PipelinesService } from './pipeline/api.js'
export type { RemoveStageOptions, StagePatch } from './pipeline/editing-schemas.js'
export type { Deal, DealStatus, DealTransition, Pipeline, Stage } from './pipeline/records.js'
export type {
  AddStageOptions,
  DealInput,
  DealPatch,
  ListPipelinesOptions,
  Money,
  MoveToStageOptions,
  PipelineInput,
  PipelinePatch,
  StageInput,
  StageKind,
} from './pipeline/schemas.js'
export {
  addStageOptionsSchema,
  dealInputSchema,
  dealPatchSchema,
  listPipelinesOptionsSchema,
  moneySchema,
  moveToStageOptionsSchema,
  pipelineInputSchema,
  pipelinePatchSchema,
  stageInputSchema,
  stageKindSchema,
  stageKinds,
} from './pipeline/schemas.js'
export type { StageEntry } from './pipeline/stages.js'
export { enterStage } from './pipeline/stages.js'
export type { RefreshResult, SegmentsService } from './segmentation/api.js'
export type { ExplainedNode, SegmentExplanation } from './segmentation/explain.js'
export type { ExplainNode } from './segmentation/explain-tree.js'
export type { MembershipDiff, Segment, SegmentKind, SegmentMembership } from './segmentation/records.js'
export type { ContactSelection, SegmentInput, SegmentListOptions, SegmentPatch } from './segmentation/schemas.js'
export type { PurchaseOptions, SegmentDefinition } from './segmentation/templates.js'
export { segmentTemplates } from './segmentation/templates.js'
export type {
  ArgDecl,
  ArgInput,
  Idempotency,
  InterfaceOf,
  MethodDecl,
  MethodKind,
  MethodOf,
  NamedService,
  ParamsOf,
  Returns,
  ServiceDecl,
  ServiceOf,
} from './shared/api.js'
export type {
  CustomFieldsInput,
  CustomFieldType,
  CustomFieldValidator,
  CustomFieldValue,
  CustomValues,
} from './shared/custom-values.js'
export { customFieldKeyPattern, customFieldTypes } from './shared/custom-values.js'
export type { CountOptions, ListOptions, Page } from './shared/list.js'
export { countOptionsSchema, DEFAULT_LIMIT, listOptionsSchema, MAX_LIMIT } from './shared/list.js'
export type { RecordBase } from './shared/rows.js'
export type { WriteOptions } from './shared/schemas.js'
export { writeOptions as writeOptionsSchema } from './shared/schemas.js'
export { isStorableText, MAX_JSON_DEPTH, MAX_JSON_LENGTH } from './shared/storable.js'
export type { UpdateManyInput, UpdateManyOptions, UpdateManyResult } from './shared/update-many.js'
export type { Path } from './shared/validation.js'
export { toValidationIssues } from './shared/validation.js'
export type { StorageExtensions } from './storage/extensions/index.js'
export type { JsonValue, StorageAdapter, StorageCapabilities } from './storage/port.js'
export type { TenantApi, TenantServices } from './tenant-api.js'
export { tenantApi } from './tenant-api.js'
