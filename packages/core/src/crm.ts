/**
 * `createCrm`: the entry point. A `Crm` owns the storage adapter, the clock, the id
 * generator and the event bus; `crm.forTenant(tenantId, { actor })` returns the services
 * of one tenant, and every call made through them reads and writes only that tenant.
 */
import * as z from 'zod/mini'
import { type Clock, systemClock } from './clock.js'
import { createCompaniesService } from './companies/service.js'
import { createContactsService } from './contacts/service.js'
import { type CrmEventBus, createEventBus } from './events/bus.js'
import { createEventsService } from './events/outbox.js'
import { createIdGenerator, type IdGenerator } from './ids.js'
import {
  lazyActivitiesService,
  lazyAttributionService,
  lazyCustomFieldsService,
  lazyInsightsService,
  lazySegmentsService,
  lazyTasksService,
  segmentHooks,
} from './lazy-services.js'
import { createDealsService, type DealHooks } from './pipeline/deals.js'
import { createPipelinesService } from './pipeline/pipelines.js'
import type { Scope } from './shared/scope.js'
import { parse } from './shared/validation.js'
import type { StorageAdapter } from './storage/port.js'
import type { TenantServices, tenantApi } from './tenant-api.js'

const isFunction = (v: unknown) => typeof v === 'function'

/** Options of {@link createCrm}. */
export const createCrmOptionsSchema = z.strictObject({
  /** Where data lives: `memoryStorage()`, `sqliteStorage(...)`, ... from `@crmkit/storage-adapters`. */
  storage: z.custom<StorageAdapter>(
    (v) => typeof v === 'object' && v !== null && isFunction((v as StorageAdapter).transaction),
    { error: 'Expected a storage adapter' },
  ),
  /** Current time. Default: the system clock. Inject a fixed clock in tests. */
  clock: z.optional(z.custom<Clock>(isFunction, { error: 'Expected a function returning a Date' })),
  /** New record ids. Default: monotonic UUIDv7 (ids must be unique, ≤ 36 chars, ideally time-sortable). */
  ids: z.optional(z.custom<IdGenerator>(isFunction, { error: 'Expected a function returning a string' })),
  /**
   * How long (ms) custom-field definitions loaded by this process are reused before they are
   * read again. A change made through any crm over the same storage adapter object is seen at
   * once; a change made by another process (or another adapter on the same database) is seen
   * within this time: until then this process may still validate with the old definitions.
   * `0` reads them on every call that needs them. Default 1000.
   */
  customFieldCacheMs: z.optional(z.number().check(z.minimum(0))),
})

/** Options of {@link createCrm}. */
export type CreateCrmOptions = z.input<typeof createCrmOptionsSchema>

/** A tenant id: 1..128 characters of `A-Z a-z 0-9 . _ : @ -`. */
export const tenantIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._:@-]{1,128}$/, { error: 'Expected 1-128 characters of A-Z a-z 0-9 . _ : @ -' }))

/** Options of `crm.forTenant`. */
export const tenantOptionsSchema = z.strictObject({
  /** Who is acting (the host's user or system id), recorded on events and transitions. */
  actor: z.string().check(z.minLength(1), z.maxLength(128)),
})

/** Options of `crm.forTenant`. */
export type TenantOptions = z.input<typeof tenantOptionsSchema>

/**
 * The services of one tenant, acting as one actor. Each service and method is declared
 * once in {@link tenantApi}; this type derives from that declaration.
 */
export interface TenantCrm extends TenantServices {
  /** The tenant every call reads and writes. */
  readonly tenantId: string
  /** Who is acting, recorded on events and transitions. */
  readonly actor: string
  /**
   * The CRM's clock (`createCrm({ clock })`, else the system clock). Code built on a tenant, such as the
   * analytics in `@crmkit/analytics`, reads "now" from it so that it agrees with the timestamps the CRM writes.
   */
  readonly clock: Clock
}

/** A CRM over one storage adapter. */
export interface Crm {
  /** The adapter given to {@link createCrm}. */
  readonly storage: StorageAdapter
  /** Subscribe to committed domain events of every tenant. */
  readonly events: CrmEventBus
  /** Create or upgrade the storage schema (idempotent; call on start). */
  migrate(): Promise<void>
  /**
   * The services of one tenant. The host decides who may act for which tenant.
   * @throws ValidationError for a malformed tenant id or actor.
   */
  forTenant(tenantId: string, options: TenantOptions): TenantCrm
  /** Release the storage adapter's resources. */
  close(): Promise<void>
}

/**
 * A won deal records conversions for attribution in the same transaction. The conversion writer
 * is loaded when a deal is first won, not up front (it is outside the initial-load budget).
 */
const dealHooks: DealHooks = {
  onWon: async (w, deal) => (await import('./attribution/writes.js')).recordDealConversions(w, deal),
}

/**
 * Create a CRM.
 *
 * @example
 * ```ts
 * const crm = createCrm({ storage: sqliteStorage({ filename: 'crm.db' }) })
 * await crm.migrate()
 * const t = crm.forTenant('acme', { actor: 'user-1' })
 * const ada = await t.contacts.create({ email: 'ada@example.com', firstName: 'Ada' })
 * ```
 * @throws ValidationError when an option is malformed.
 */
export function createCrm(options: CreateCrmOptions): Crm {
  const {
    storage,
    clock = systemClock,
    ids = createIdGenerator(),
    customFieldCacheMs,
  } = parse(createCrmOptionsSchema, options, 'createCrm options')
  const bus = createEventBus()
  return {
    storage,
    events: bus,
    migrate: () => storage.migrate(),
    forTenant(tenantId, tenantOptions) {
      const id = parse(tenantIdSchema, tenantId, 'tenant id')
      const { actor } = parse(tenantOptionsSchema, tenantOptions, 'tenant options')
      const scope: Scope = {
        storage,
        tenantId: id,
        actor,
        bus,
        clock,
        newId: ids,
        segments: segmentHooks,
        customFieldCacheMs,
      }
      return {
        tenantId: id,
        actor,
        clock,
        contacts: createContactsService(scope),
        companies: createCompaniesService(scope),
        pipelines: createPipelinesService(scope, dealHooks),
        deals: createDealsService(scope, dealHooks),
        activities: lazyActivitiesService(scope),
        tasks: lazyTasksService(scope),
        customFields: lazyCustomFieldsService(scope),
        events: createEventsService(scope),
        attribution: lazyAttributionService(scope),
        insights: lazyInsightsService(scope),
        segments: lazySegmentsService(scope),
      }
    },
    close: () => storage.close(),
  }
}
