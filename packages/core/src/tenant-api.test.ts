import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Clock } from './clock.js'
import type {
  ActivitiesService,
  Activity,
  ActivityCountOptions,
  ActivityPatch,
  AttributionReport,
  AttributionService,
  Contact,
  ContactInput,
  ContactPatch,
  ContactsService,
  CountOptions,
  CustomFieldDefinition,
  CustomFieldListOptions,
  CustomFieldPatch,
  CustomFieldsService,
  DealPatch,
  DealsService,
  DealTransition,
  EventListOptions,
  EventPage,
  EventsService,
  ImportOptions,
  ImportResult,
  ImportRows,
  InsightsService,
  ListOptions,
  ListPipelinesOptions,
  MoveToStageOptions,
  Page,
  PipelinesService,
  RemoveStageOptions,
  ReportOptions,
  StagePatch,
  StorageAdapter,
  Task,
  TasksService,
  TenantCrm,
  TrackedTouchpoint,
  TrackManyItem,
  TransitionOptions,
  UpdateManyInput,
  UpdateManyOptions,
  UpdateManyResult,
  WriteOptions,
} from './index.js'
import { createCrm, tenantApi } from './index.js'
import type { Deal, Pipeline } from './pipeline/records.js'
// Not exported from the package root: updateMany loads lazily, its module stays off the initial path.
import { updateManyInputSchema, updateManyOptionsSchema } from './shared/update-many.js'

// forTenant only assembles services; no method is called, so no storage is needed.
const storage = {
  transaction: () => Promise.reject(new Error('not used')),
} as unknown as StorageAdapter
const tenant = createCrm({ storage }).forTenant('acme', { actor: 'test' })

const sorted = (keys: Iterable<string>) => [...keys].sort()

describe('tenantApi: the declaration of every tenant method', () => {
  it('lists exactly the services forTenant returns', () => {
    const services = Object.keys(tenant).filter((key) => !['tenantId', 'actor', 'clock'].includes(key))
    expect(sorted(services)).toEqual(sorted(Object.keys(tenantApi)))
  })

  for (const [service, methods] of Object.entries(tenantApi)) {
    it(`lists exactly the methods of t.${service}`, () => {
      const runtime = (tenant as unknown as Record<string, Record<string, unknown>>)[service] ?? {}
      expect(sorted(Object.keys(runtime))).toEqual(sorted(Object.keys(methods)))
      for (const name of Object.keys(methods)) expect(typeof runtime[name], `${service}.${name}`).toBe('function')
    })

    it(`declares each method of t.${service} completely`, () => {
      for (const [name, method] of Object.entries(methods)) {
        const where = `${service}.${name}`
        expect(['query', 'mutation', 'stream'], where).toContain(method.kind)
        expect([true, false, 'withKey'], where).toContain(method.idempotent)
        // Reads are always safe to repeat.
        if (method.kind !== 'mutation') expect(method.idempotent, where).toBe(true)
        let optionalSeen = false
        for (const arg of method.args) {
          expect(arg.name, where).toMatch(/^[a-z][A-Za-z]*$/)
          expect(typeof arg.schema['~standard'].validate, `${where}(${arg.name})`).toBe('function')
          // Only trailing arguments may be optional.
          if (optionalSeen) expect(arg.optional, `${where}(${arg.name})`).toBe(true)
          optionalSeen ||= arg.optional
        }
      }
    })
  }

  it('declares the schemas the services validate with (the same objects)', async () => {
    const schemas = await import('./index.js')
    expect(tenantApi.contacts.create.args[0].schema).toBe(schemas.contactInputSchema)
    expect(tenantApi.contacts.update.args[1].schema).toBe(schemas.contactPatchSchema)
    expect(tenantApi.deals.moveToStage.args[2].schema).toBe(schemas.moveToStageOptionsSchema)
    expect(tenantApi.contacts.list.args[0].schema).toBe(schemas.listOptionsSchema)
    expect(tenantApi.insights.cube.args[0].schema).toBe(schemas.cubeOptionsSchema)
    expect(tenantApi.activities.update.args[1].schema).toBe(schemas.activityPatchSchema)
    expect(tenantApi.activities.count.args[0].schema).toBe(schemas.activityCountOptionsSchema)
    expect(tenantApi.customFields.update.args[1].schema).toBe(schemas.customFieldPatchSchema)
    expect(tenantApi.customFields.list.args[0].schema).toBe(schemas.customFieldListOptionsSchema)
    expect(tenantApi.pipelines.list.args[0].schema).toBe(schemas.listPipelinesOptionsSchema)
    expect(tenantApi.events.list.args[0].schema).toBe(schemas.eventListOptionsSchema)
    for (const service of ['contacts', 'companies', 'deals'] as const) {
      expect(tenantApi[service].updateMany.args[0].schema, service).toBe(updateManyInputSchema)
      expect(tenantApi[service].updateMany.args[1].schema, service).toBe(updateManyOptionsSchema)
    }
  })
})

describe('types derived from the declaration', () => {
  it('keep the exact signatures of the hand-written interfaces', () => {
    expectTypeOf<ContactsService['create']>().toEqualTypeOf<(input: ContactInput) => Promise<Contact>>()
    expectTypeOf<ContactsService['get']>().toEqualTypeOf<(id: string) => Promise<Contact | null>>()
    expectTypeOf<ContactsService['update']>().toEqualTypeOf<
      (id: string, patch: ContactPatch, options?: WriteOptions) => Promise<Contact>
    >()
    expectTypeOf<ContactsService['list']>().toEqualTypeOf<
      (options?: ListOptions<'contact'>) => Promise<Page<Contact>>
    >()
    expectTypeOf<ContactsService['count']>().toEqualTypeOf<(options?: CountOptions<'contact'>) => Promise<number>>()
    expectTypeOf<ContactsService['importMany']>().toEqualTypeOf<
      (rows: ImportRows, options?: ImportOptions) => Promise<ImportResult>
    >()
    expectTypeOf<DealsService['moveToStage']>().toEqualTypeOf<
      (id: string, stageId: string, options?: MoveToStageOptions) => Promise<Deal>
    >()
    expectTypeOf<DealsService['history']>().toEqualTypeOf<(id: string) => Promise<DealTransition[]>>()
    expectTypeOf<PipelinesService['list']>().toEqualTypeOf<
      (options?: ListPipelinesOptions) => Promise<Page<Pipeline>>
    >()
    expectTypeOf<PipelinesService['updateStage']>().toEqualTypeOf<
      (pipelineId: string, stageId: string, patch: StagePatch, options?: WriteOptions) => Promise<Pipeline>
    >()
    expectTypeOf<PipelinesService['reorderStages']>().toEqualTypeOf<
      (pipelineId: string, stageIds: readonly string[], options?: WriteOptions) => Promise<Pipeline>
    >()
    expectTypeOf<PipelinesService['removeStage']>().toEqualTypeOf<
      (pipelineId: string, stageId: string, options?: RemoveStageOptions) => Promise<Pipeline>
    >()
    expectTypeOf<PipelinesService['archive']>().toEqualTypeOf<
      (id: string, options?: WriteOptions) => Promise<Pipeline>
    >()
    expectTypeOf<ContactsService['updateMany']>().toEqualTypeOf<
      (input: UpdateManyInput<ContactPatch>, options?: UpdateManyOptions) => Promise<UpdateManyResult>
    >()
    expectTypeOf<DealsService['updateMany']>().toEqualTypeOf<
      (input: UpdateManyInput<DealPatch>, options?: UpdateManyOptions) => Promise<UpdateManyResult>
    >()
    expectTypeOf<PipelinesService['count']>().toEqualTypeOf<(options?: CountOptions) => Promise<number>>()
    expectTypeOf<ActivitiesService['update']>().toEqualTypeOf<
      (id: string, patch: ActivityPatch, options?: WriteOptions) => Promise<Activity>
    >()
    expectTypeOf<ActivitiesService['count']>().toEqualTypeOf<(options?: ActivityCountOptions) => Promise<number>>()
    expectTypeOf<TasksService['delete']>().toEqualTypeOf<(id: string, options?: WriteOptions) => Promise<Task>>()
    expectTypeOf<CustomFieldsService['list']>().toEqualTypeOf<
      (options?: CustomFieldListOptions) => Promise<Page<CustomFieldDefinition>>
    >()
    expectTypeOf<CustomFieldsService['update']>().toEqualTypeOf<
      (id: string, patch: CustomFieldPatch, options?: WriteOptions) => Promise<CustomFieldDefinition>
    >()
    expectTypeOf<EventsService['list']>().toEqualTypeOf<(options?: EventListOptions) => Promise<EventPage>>()
    expectTypeOf<AttributionService['trackMany']>().toEqualTypeOf<
      (items: readonly TrackManyItem[]) => Promise<TrackedTouchpoint[]>
    >()
    expectTypeOf<AttributionService['report']>().toEqualTypeOf<(options: ReportOptions) => Promise<AttributionReport>>()
    expectTypeOf<InsightsService['allTransitions']>().toEqualTypeOf<
      (options?: Omit<TransitionOptions, 'cursor' | 'withTotal'>) => AsyncIterable<DealTransition>
    >()
  })

  it('TenantCrm carries every declared service under its name', () => {
    expectTypeOf<TenantCrm['contacts']>().toEqualTypeOf<ContactsService>()
    expectTypeOf<TenantCrm['deals']>().toEqualTypeOf<DealsService>()
    expectTypeOf<TenantCrm['attribution']>().toEqualTypeOf<AttributionService>()
    expectTypeOf<TenantCrm['insights']>().toEqualTypeOf<InsightsService>()
    expectTypeOf<TenantCrm['tenantId']>().toEqualTypeOf<string>()
    expectTypeOf<TenantCrm['clock']>().toEqualTypeOf<Clock>()
  })
})
