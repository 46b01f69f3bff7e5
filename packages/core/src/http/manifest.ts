/**
 * GENERATED from the service declaration by `manifest-source.ts` (`manifest.test.ts` checks it;
 * `CRMKIT_UPDATE_HTTP_MANIFEST=1` rewrites it). Per method: its kind (`q` query, `s` stream,
 * `i` idempotent mutation, `m` other mutation), then its argument names in order.
 */

/** One method: kind, then argument names. */
export type MethodEntry = readonly [kind: 'q' | 's' | 'i' | 'm', ...args: string[]]

/** Methods by service. */
export type ClientManifest = { readonly [service: string]: { readonly [method: string]: MethodEntry } }

/** The declared methods, by service. */
export const manifest: ClientManifest = {
  contacts: {
    create: ['m', 'input'],
    get: ['q', 'id'],
    list: ['q', 'options'],
    count: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    delete: ['i', 'id', 'options'],
    restore: ['i', 'id', 'options'],
    updateMany: ['i', 'input', 'options'],
    importMany: ['m', 'rows', 'options'],
    explain: ['q', 'where', 'contactId'],
    linkCompany: ['i', 'contactId', 'companyId'],
    unlinkCompany: ['i', 'contactId', 'companyId'],
  },
  companies: {
    create: ['m', 'input'],
    get: ['q', 'id'],
    list: ['q', 'options'],
    count: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    delete: ['i', 'id', 'options'],
    restore: ['i', 'id', 'options'],
    updateMany: ['i', 'input', 'options'],
  },
  pipelines: {
    create: ['m', 'input'],
    get: ['q', 'id'],
    list: ['q', 'options'],
    count: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    addStage: ['m', 'pipelineId', 'stage', 'options'],
    updateStage: ['i', 'pipelineId', 'stageId', 'patch', 'options'],
    reorderStages: ['i', 'pipelineId', 'stageIds', 'options'],
    removeStage: ['i', 'pipelineId', 'stageId', 'options'],
    archive: ['i', 'id', 'options'],
    unarchive: ['i', 'id', 'options'],
  },
  deals: {
    create: ['m', 'input'],
    get: ['q', 'id'],
    list: ['q', 'options'],
    count: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    delete: ['i', 'id', 'options'],
    restore: ['i', 'id', 'options'],
    updateMany: ['i', 'input', 'options'],
    moveToStage: ['i', 'id', 'stageId', 'options'],
    history: ['q', 'id'],
  },
  activities: {
    log: ['m', 'input'],
    get: ['q', 'id'],
    timeline: ['q', 'options'],
    count: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    delete: ['i', 'id', 'options'],
    restore: ['i', 'id', 'options'],
  },
  tasks: {
    create: ['m', 'input'],
    get: ['q', 'id'],
    list: ['q', 'options'],
    count: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    complete: ['i', 'id', 'options'],
    reopen: ['i', 'id', 'options'],
    delete: ['i', 'id', 'options'],
    restore: ['i', 'id', 'options'],
  },
  customFields: {
    define: ['i', 'input'],
    list: ['q', 'options'],
    count: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    delete: ['i', 'id'],
  },
  events: { list: ['q', 'options'] },
  attribution: {
    track: ['m', 'touchpoint', 'options'],
    trackMany: ['m', 'items'],
    identify: ['i', 'anonymousId', 'contactId'],
    recordConversion: ['m', 'conversion', 'options'],
    report: ['q', 'options'],
  },
  insights: { cube: ['q', 'options'], transitions: ['q', 'options'], allTransitions: ['s', 'options'] },
  segments: {
    create: ['m', 'segment'],
    get: ['q', 'id'],
    list: ['q', 'options'],
    update: ['i', 'id', 'patch', 'options'],
    delete: ['i', 'id', 'options'],
    addContacts: ['i', 'id', 'contacts'],
    removeContacts: ['i', 'id', 'contacts'],
    members: ['q', 'id', 'options'],
    count: ['q', 'id'],
    contains: ['q', 'id', 'contactId'],
    explain: ['q', 'id', 'contactId'],
    refresh: ['i', 'id'],
  },
}
