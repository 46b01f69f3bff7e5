import { describe } from 'vitest'
import { activityOperationTests } from './activity-operations.js'
import { addressTests } from './addresses.js'
import { attributionWriteTests } from './attribution.js'
import { attributionReportOptionTests } from './attribution-report-options.js'
import { attributionReportTests } from './attribution-reports.js'
import { badInputCorpusTests } from './bad-input-corpus.js'
import { concurrencyTests } from './concurrency.js'
import { conflictTests } from './conflicts.js'
import { type SuiteOptions, useSuiteContext } from './context.js'
import { activityCrudTests } from './crud-activities.js'
import { contactCrudTests } from './crud-contacts.js'
import { pipelineCrudTests } from './crud-pipeline.js'
import { pipelineEditingTests } from './crud-pipeline-editing.js'
import { customFieldUpdateTests } from './custom-field-update.js'
import { customFieldTests } from './custom-fields.js'
import { differentialTests } from './differential.js'
import { recordDifferentialTests } from './differential-records.js'
import { eventTests } from './events.js'
import { filterLanguageTests } from './filter-language.js'
import { filterTests } from './filters.js'
import { forgedCursorTests } from './forged-cursors.js'
import { importTests } from './import.js'
import { importRuleTests } from './import-rule.js'
import { importStreamTests } from './import-stream.js'
import { limitTests } from './limits.js'
import { listPageTests } from './list-pages.js'
import { noOpWriteTests } from './no-op-writes.js'
import { paginationTests } from './pagination.js'
import { pipelineCurrencyTests } from './pipeline-currency.js'
import { stageRemovalTests } from './pipeline-stage-removal.js'
import { relatedConditionTests } from './related-conditions.js'
import { seekPageTests } from './seek-pages.js'
import { segmentMembershipTests } from './segment-membership.js'
import { segmentTests } from './segments.js'
import { softDeleteTests } from './soft-delete.js'
import { storableInputTests } from './storable-input.js'
import { surfaceTests } from './surface.js'
import { tenancyTests } from './tenancy.js'
import type { ConformanceHarness } from './types.js'
import { updateManyTests } from './update-many.js'
import { validationTests } from './validation.js'

/**
 * Registers the crmkit conformance suite for one storage adapter: the whole core service
 * layer (`createCrm`, `forTenant`, contacts, companies, pipelines, deals, activities,
 * tasks, custom fields, events) runs against the adapter, and every persistent effect is
 * checked through the harness's `RawInspector`, not through the adapter.
 *
 * Call it at the top level of a vitest test file. Every test title starts with
 * `conformance: <harness.name>`. Each test uses its own tenant, so the areas share one
 * store created in `beforeAll` and cleaned up in `afterAll`.
 *
 * @example
 * ```ts
 * import { defineConformanceSuite } from '@crmkit/storage-adapters/testing'
 * defineConformanceSuite({
 *   name: 'my-adapter',
 *   async create() {
 *     const db = await createScratchDatabase()
 *     return { storage: myStorage(db), raw: myRawInspector(db), cleanup: () => db.drop() }
 *   },
 * })
 * ```
 */
export function defineConformanceSuite(harness: ConformanceHarness, options: SuiteOptions = {}): void {
  describe(`conformance: ${harness.name}`, () => {
    const get = useSuiteContext(harness, options)
    contactCrudTests(get)
    addressTests(get)
    pipelineCrudTests(get)
    pipelineCurrencyTests(get)
    pipelineEditingTests(get)
    stageRemovalTests(get)
    activityCrudTests(get)
    activityOperationTests(get)
    validationTests(get)
    storableInputTests(get)
    customFieldTests(get)
    customFieldUpdateTests(get)
    filterTests(get)
    filterLanguageTests(get)
    relatedConditionTests(get)
    paginationTests(get)
    seekPageTests(get)
    listPageTests(get)
    forgedCursorTests(get)
    updateManyTests(get)
    softDeleteTests(get)
    tenancyTests(get)
    concurrencyTests(get)
    conflictTests(get)
    eventTests(get)
    importTests(get)
    importRuleTests(get)
    importStreamTests(get)
    noOpWriteTests(get)
    limitTests(get)
    differentialTests(get)
    recordDifferentialTests(get)
    attributionWriteTests(get)
    attributionReportTests(get)
    attributionReportOptionTests(get)
    segmentTests(get)
    segmentMembershipTests(get)
    surfaceTests(get)
    badInputCorpusTests(get)
  })
}
