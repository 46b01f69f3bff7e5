import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  AttributionReport,
  AttributionService,
  Contact,
  ContactInput,
  ContactPatch,
  ContactsService,
  CountOptions,
  DealsService,
  DealTransition,
  ImportOptions,
  ImportResult,
  InsightsService,
  ListOptions,
  MoveToStageOptions,
  Page,
  PipelinesService,
  ReportOptions,
  StorageAdapter,
  TenantCrm,
  TrackedTouchpoint,
  TrackManyItem,
  TransitionOptions,
  WriteOptions,
} from './index.js'
import { createCrm, tenantApi } from './index.js'
import type { Deal, Pipeline } from './pipeline/records.js'

// forTenant only assembles services; no method is called, so no storage is needed.
const storage = {
  transaction: () => Promise.reject(new Error('not used')),
} as unknown as StorageAdapter
const tenant = createCrm({ storage }).forTenant('acme', { actor: 'test' })

const sorted = (keys: Iterable<string>) => [...keys].sort()

describe('tenantApi: the declaration of every tenant method', () => {
  it('lists exactly the services forTenant returns', () => {
    const services = Object.keys(tenant).filter((key) => key !== 'tenantId' && key !== 'actor')
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
      (rows: readonly ContactInput[], options?: ImportOptions) => Promise<ImportResult>
    >()
    expectTypeOf<DealsService['moveToStage']>().toEqualTypeOf<
      (id: string, stageId: string, options?: MoveToStageOptions) => Promise<Deal>
    >()
    expectTypeOf<DealsService['history']>().toEqualTypeOf<(id: string) => Promise<DealTransition[]>>()
    expectTypeOf<PipelinesService['list']>().toEqualTypeOf<() => Promise<Pipeline[]>>()
    expectTypeOf<AttributionService['trackMany']>().toEqualTypeOf<
      (items: readonly TrackManyItem[]) => Promise<TrackedTouchpoint[]>
    >()
    expectTypeOf<AttributionService['report']>().toEqualTypeOf<(options: ReportOptions) => Promise<AttributionReport>>()
    expectTypeOf<InsightsService['allTransitions']>().toEqualTypeOf<
      (options?: Omit<TransitionOptions, 'cursor'>) => AsyncIterable<DealTransition>
    >()
  })

  it('TenantCrm carries every declared service under its name', () => {
    expectTypeOf<TenantCrm['contacts']>().toEqualTypeOf<ContactsService>()
    expectTypeOf<TenantCrm['deals']>().toEqualTypeOf<DealsService>()
    expectTypeOf<TenantCrm['attribution']>().toEqualTypeOf<AttributionService>()
    expectTypeOf<TenantCrm['insights']>().toEqualTypeOf<InsightsService>()
    expectTypeOf<TenantCrm['tenantId']>().toEqualTypeOf<string>()
  })
})
