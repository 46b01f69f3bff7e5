/**
 * The declaration of every tenant method, by service: `crm.forTenant(...)` returns an object
 * with exactly these services and methods (a test holds them equal), `TenantCrm`'s type
 * derives from it, and so will the HTTP routes, the remote client and the docs' API table.
 *
 * This module is wiring beside `crm.ts`. `crm.ts` imports its types only, so the schemas of
 * the lazily loaded services (attribution, insights) stay out of the initial bundle; import
 * `tenantApi` where the whole surface is needed at runtime (a server, a client, docs).
 */
import { type ActivitiesService, activitiesApi, type TasksService, tasksApi } from './activities/api.js'
import { type AttributionService, attributionApi } from './attribution/api.js'
import { type CompaniesService, companiesApi } from './companies/api.js'
import { type ContactsService, contactsApi } from './contacts/api.js'
import { type CustomFieldsService, customFieldsApi } from './custom-fields/api.js'
import { type EventsService, eventsApi } from './events/api.js'
import { type InsightsService, insightsApi } from './insights/api.js'
import { type DealsService, dealsApi, type PipelinesService, pipelinesApi } from './pipeline/api.js'
import { type SegmentsService, segmentsApi } from './segmentation/api.js'
import { type InterfaceOf, named } from './shared/api.js'

/** Every tenant-scoped service and method, declared (see `MethodDecl`). */
export const tenantApi = {
  contacts: named<ContactsService>()(contactsApi),
  companies: named<CompaniesService>()(companiesApi),
  pipelines: named<PipelinesService>()(pipelinesApi),
  deals: named<DealsService>()(dealsApi),
  activities: named<ActivitiesService>()(activitiesApi),
  tasks: named<TasksService>()(tasksApi),
  customFields: named<CustomFieldsService>()(customFieldsApi),
  /** The tenant's durable event outbox. */
  events: named<EventsService>()(eventsApi),
  /** Marketing touchpoints, conversions and multi-touch attribution reports. */
  attribution: named<AttributionService>()(attributionApi),
  /** Read-only analytics: group-by cubes and the stage-transition log. */
  insights: named<InsightsService>()(insightsApi),
  /** Saved static and dynamic segments of contacts, with live membership and explanations. */
  segments: named<SegmentsService>()(segmentsApi),
} as const

/** The type of {@link tenantApi}. */
export type TenantApi = typeof tenantApi

/** The services of one tenant, typed from {@link tenantApi}. */
export type TenantServices = { readonly [K in keyof TenantApi]: InterfaceOf<TenantApi[K]> }
