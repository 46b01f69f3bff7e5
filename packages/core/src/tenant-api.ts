/**
 * The declaration of every tenant method, by service: `crm.forTenant(...)` returns an object
 * with exactly these services and methods (a test holds them equal), `TenantCrm`'s type
 * derives from it, and so will the HTTP routes, the remote client and the docs' API table.
 *
 * This module is wiring beside `crm.ts`. `crm.ts` imports its types only, so the schemas of
 * the lazily loaded services (attribution, insights) stay out of the initial bundle; import
 * `tenantApi` where the whole surface is needed at runtime (a server, a client, docs).
 */
import { activitiesApi, tasksApi } from './activities/api.js'
import { attributionApi } from './attribution/api.js'
import { companiesApi } from './companies/api.js'
import { contactsApi } from './contacts/api.js'
import { customFieldsApi } from './custom-fields/api.js'
import { eventsApi } from './events/api.js'
import { insightsApi } from './insights/api.js'
import { dealsApi, pipelinesApi } from './pipeline/api.js'
import type { ServiceOf } from './shared/api.js'

/** Every tenant-scoped service and method, declared (see `MethodDecl`). */
export const tenantApi = {
  contacts: contactsApi,
  companies: companiesApi,
  pipelines: pipelinesApi,
  deals: dealsApi,
  activities: activitiesApi,
  tasks: tasksApi,
  customFields: customFieldsApi,
  /** The tenant's durable event outbox. */
  events: eventsApi,
  /** Marketing touchpoints, conversions and multi-touch attribution reports. */
  attribution: attributionApi,
  /** Read-only analytics: group-by cubes and the stage-transition log. */
  insights: insightsApi,
} as const

/** The type of {@link tenantApi}. */
export type TenantApi = typeof tenantApi

/** The services of one tenant, typed from {@link tenantApi}. */
export type TenantServices = { readonly [K in keyof TenantApi]: ServiceOf<TenantApi[K]> }
