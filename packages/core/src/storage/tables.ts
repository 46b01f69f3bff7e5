/**
 * The tables crmkit persists, described once so that the memory adapter, the SQL
 * adapters, their migrations and the filter compiler all agree on names and types.
 *
 * Rows are in "storage form": camelCase keys, timestamps as ISO-8601 UTC strings with
 * millisecond precision (`2026-11-25T11:35:30.123Z`, fixed width so text order is time
 * order), calendar dates as `YYYY-MM-DD`, money as integer minor units, JSON values as
 * plain objects/arrays. SQL adapters map keys to snake_case columns.
 */

/** Column value types. `json` holds an object; `stringArray` a JSON array of strings. */
export type ColumnType = 'string' | 'text' | 'integer' | 'number' | 'timestamp' | 'date' | 'stringArray' | 'json'

/** One column of a table. */
export interface ColumnDefinition {
  readonly type: ColumnType
  /** Whether NULL is allowed. */
  readonly nullable: boolean
  /** Whether list calls may filter on it (the filter tree's `field`). */
  readonly filterable?: boolean
  /** Whether list calls may sort on it. */
  readonly sortable?: boolean
  /** Maximum length for `string` columns (SQL adapters use it for VARCHAR). */
  readonly maxLength?: number
}

/** A many-to-many link table between two tables. */
export interface LinkDefinition {
  readonly name: LinkTableName
  readonly left: { readonly table: TableName; readonly column: string }
  readonly right: { readonly table: TableName; readonly column: string }
}

/** How a table behaves; adapters read these flags instead of hard-coding table names. */
export interface TableDefinition {
  readonly name: TableName
  readonly columns: Readonly<Record<string, ColumnDefinition>>
  /** Has `version` and is updated compare-and-set. */
  readonly versioned: boolean
  /** Has `deletedAt`; soft-deleted rows are excluded from queries unless asked for. */
  readonly softDelete: boolean
  /**
   * Unique keys among non-deleted rows of one tenant (NULLs never collide). A write that
   * breaks one makes the adapter throw `ConflictError`.
   */
  readonly uniqueActive: readonly (readonly string[])[]
  /** Extra secondary indexes (every index is prefixed with `tenant_id` by the adapter). */
  readonly indexes: readonly (readonly string[])[]
  /**
   * Array-valued virtual fields served from a link table (e.g. a contact's `companyIds`).
   * They are not columns: adapters hydrate them on read and filter them via the link table.
   */
  readonly linkFields: Readonly<Record<string, { readonly link: LinkTableName; readonly side: 'left' | 'right' }>>
}

/** Base columns that every table has. */
const base = {
  id: { type: 'string', nullable: false, sortable: true, filterable: true, maxLength: 36 },
  tenantId: { type: 'string', nullable: false, maxLength: 128 },
  createdAt: { type: 'timestamp', nullable: false, sortable: true, filterable: true },
} as const satisfies Record<string, ColumnDefinition>

const mutable = {
  version: { type: 'integer', nullable: false },
  updatedAt: { type: 'timestamp', nullable: false, sortable: true, filterable: true },
} as const satisfies Record<string, ColumnDefinition>

const softDeleted = {
  deletedAt: { type: 'timestamp', nullable: true },
} as const satisfies Record<string, ColumnDefinition>

/** A filterable, sortable string column. The flags stay literal types: typed filter fields derive from them. */
const str = (
  maxLength = 255,
  extra: { readonly nullable?: boolean } = {},
): ColumnDefinition & { readonly filterable: true; readonly sortable: true } => ({
  type: 'string',
  nullable: true,
  maxLength,
  ...extra,
  filterable: true,
  sortable: true,
})
/** A filterable (not sortable) id reference column. */
const ref = (nullable = true): ColumnDefinition & { readonly filterable: true } => ({
  type: 'string',
  nullable,
  filterable: true,
  maxLength: 36,
})
/** Where a contact or company is (SQL migration `0003_addresses`). `country` is an ISO 3166-1 alpha-2 code. */
const address = {
  country: str(2),
  region: str(),
  city: str(),
  postalCode: str(32),
  timeZone: str(64),
} as const satisfies Record<string, ColumnDefinition>

/** Every table, by name. The order is the creation order of the migrations. */
export const tables = {
  contacts: {
    name: 'contacts',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      email: str(320),
      firstName: str(),
      lastName: str(),
      phone: str(64),
      title: str(),
      lifecycleStage: str(32, { nullable: false }),
      ownerId: str(128),
      tags: { type: 'stringArray', nullable: false, filterable: true },
      custom: { type: 'json', nullable: false },
      ...address,
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [['email']],
    indexes: [['createdAt'], ['updatedAt'], ['ownerId'], ['lastName'], ['country']],
    linkFields: { companyIds: { link: 'contactCompanies', side: 'left' } },
  },
  companies: {
    name: 'companies',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      name: str(255, { nullable: false }),
      domain: str(255),
      industry: str(),
      size: { type: 'integer', nullable: true, filterable: true, sortable: true },
      ownerId: str(128),
      tags: { type: 'stringArray', nullable: false, filterable: true },
      custom: { type: 'json', nullable: false },
      ...address,
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [],
    indexes: [['createdAt'], ['name'], ['domain'], ['country']],
    linkFields: { contactIds: { link: 'contactCompanies', side: 'right' } },
  },
  pipelines: {
    name: 'pipelines',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      name: str(255, { nullable: false }),
      currency: { type: 'string', nullable: true, maxLength: 3 },
      // Added by SQL migration `0005_pipeline_editing`.
      archivedAt: { type: 'timestamp', nullable: true, filterable: true, sortable: true },
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [],
    indexes: [],
    linkFields: {},
  },
  stages: {
    name: 'stages',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      pipelineId: ref(false),
      name: str(255, { nullable: false }),
      position: { type: 'integer', nullable: false, sortable: true, filterable: true },
      probability: { type: 'number', nullable: false, filterable: true },
      kind: str(8, { nullable: false }),
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [],
    indexes: [['pipelineId', 'position']],
    linkFields: {},
  },
  deals: {
    name: 'deals',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      title: str(255, { nullable: false }),
      pipelineId: ref(false),
      stageId: ref(false),
      status: str(8, { nullable: false }),
      amountValue: { type: 'integer', nullable: false, filterable: true, sortable: true },
      amountCurrency: { type: 'string', nullable: false, filterable: true, maxLength: 3 },
      expectedCloseDate: { type: 'date', nullable: true, filterable: true, sortable: true },
      closedAt: { type: 'timestamp', nullable: true, filterable: true, sortable: true },
      ownerId: str(128),
      companyId: ref(),
      lostReason: str(1000),
      tags: { type: 'stringArray', nullable: false, filterable: true },
      custom: { type: 'json', nullable: false },
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [],
    indexes: [['pipelineId', 'stageId'], ['companyId'], ['ownerId'], ['expectedCloseDate'], ['createdAt']],
    linkFields: { contactIds: { link: 'dealContacts', side: 'left' } },
  },
  dealTransitions: {
    name: 'dealTransitions',
    columns: {
      ...base,
      dealId: ref(false),
      pipelineId: ref(false),
      fromStageId: ref(),
      toStageId: ref(false),
      at: { type: 'timestamp', nullable: false, filterable: true, sortable: true },
      actor: str(128, { nullable: false }),
    },
    versioned: false,
    softDelete: false,
    uniqueActive: [],
    indexes: [
      ['dealId', 'at'],
      ['pipelineId', 'at'],
    ],
    linkFields: {},
  },
  activities: {
    name: 'activities',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      type: str(64, { nullable: false }),
      channel: str(64),
      subject: str(500),
      body: { type: 'text', nullable: true, filterable: false },
      occurredAt: { type: 'timestamp', nullable: false, filterable: true, sortable: true },
      contactId: ref(),
      companyId: ref(),
      dealId: ref(),
      actor: str(128, { nullable: false }),
      metadata: { type: 'json', nullable: false },
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [],
    indexes: [['contactId', 'occurredAt'], ['companyId', 'occurredAt'], ['dealId', 'occurredAt'], ['occurredAt']],
    linkFields: {},
  },
  tasks: {
    name: 'tasks',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      title: str(500, { nullable: false }),
      notes: { type: 'text', nullable: true },
      assignee: str(128),
      dueAt: { type: 'timestamp', nullable: true, filterable: true, sortable: true },
      status: str(16, { nullable: false }),
      completedAt: { type: 'timestamp', nullable: true, filterable: true, sortable: true },
      contactId: ref(),
      companyId: ref(),
      dealId: ref(),
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [],
    indexes: [['assignee', 'status'], ['dueAt'], ['contactId'], ['dealId']],
    linkFields: {},
  },
  customFields: {
    name: 'customFields',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      entity: str(16, { nullable: false }),
      key: str(64, { nullable: false }),
      label: str(255, { nullable: false }),
      type: str(16, { nullable: false }),
      options: { type: 'stringArray', nullable: false },
      required: { type: 'integer', nullable: false },
      /** 1 when declared `indexed: true` (NULL on definitions made before migration 0006). */
      indexed: { type: 'integer', nullable: true },
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [['entity', 'key']],
    indexes: [],
    linkFields: {},
  },
  events: {
    name: 'events',
    columns: {
      ...base,
      type: str(64, { nullable: false }),
      actor: str(128, { nullable: false }),
      payload: { type: 'json', nullable: false },
    },
    versioned: false,
    softDelete: false,
    uniqueActive: [],
    indexes: [['type', 'createdAt']],
    linkFields: {},
  },
  touchpoints: {
    name: 'touchpoints',
    columns: {
      ...base,
      ...mutable,
      channel: str(64, { nullable: false }),
      source: str(),
      medium: str(),
      campaign: str(),
      content: str(),
      term: str(),
      occurredAt: { type: 'timestamp', nullable: false, filterable: true, sortable: true },
      // Epoch milliseconds of occurredAt: lookback windows are integer arithmetic in every dialect.
      occurredMs: { type: 'integer', nullable: false },
      contactId: ref(),
      anonymousId: str(128),
      idempotencyKey: str(255),
    },
    // Versioned because identify() links anonymous touchpoints to a contact (compare-and-set).
    versioned: true,
    softDelete: false,
    uniqueActive: [['idempotencyKey']],
    indexes: [['contactId', 'occurredMs'], ['anonymousId'], ['occurredAt']],
    linkFields: {},
  },
  conversions: {
    name: 'conversions',
    columns: {
      ...base,
      type: str(64, { nullable: false }),
      amountValue: { type: 'integer', nullable: false, filterable: true, sortable: true },
      amountCurrency: { type: 'string', nullable: false, filterable: true, maxLength: 3 },
      occurredAt: { type: 'timestamp', nullable: false, filterable: true, sortable: true },
      occurredMs: { type: 'integer', nullable: false },
      contactId: ref(false),
      dealId: ref(),
      idempotencyKey: str(255),
    },
    versioned: false,
    softDelete: false,
    uniqueActive: [['idempotencyKey']],
    indexes: [['occurredAt'], ['contactId', 'occurredMs'], ['dealId']],
    linkFields: {},
  },
  identities: {
    name: 'identities',
    columns: {
      ...base,
      anonymousId: str(128, { nullable: false }),
      contactId: ref(false),
    },
    versioned: false,
    softDelete: false,
    uniqueActive: [['anonymousId']],
    indexes: [['contactId']],
    linkFields: {},
  },
  // Added by SQL migration `0008_segments`.
  segments: {
    name: 'segments',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      name: str(255, { nullable: false }),
      kind: str(8, { nullable: false }),
      // The condition tree as the caller wrote it (JSON); `{}` for a static segment.
      definition: { type: 'json', nullable: false },
      description: { type: 'text', nullable: true },
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [],
    indexes: [['name']],
    linkFields: {},
  },
  // One row per stint of a contact in a segment: `createdAt` is when it entered, `deletedAt`
  // when it left (a soft delete), so at most one live row per pair and the history stays.
  segmentMembers: {
    name: 'segmentMembers',
    columns: {
      ...base,
      ...mutable,
      ...softDeleted,
      segmentId: ref(false),
      contactId: ref(false),
    },
    versioned: true,
    softDelete: true,
    uniqueActive: [['segmentId', 'contactId']],
    indexes: [['contactId']],
    linkFields: {},
  },
  // The HTTP handler's idempotency keys (SQL migration `0009_idempotency_keys`): one row per key
  // and tenant; `status` is null while the first request runs, then its response is kept.
  idempotencyKeys: {
    name: 'idempotencyKeys',
    columns: {
      ...base,
      ...mutable,
      idempotencyKey: str(255, { nullable: false }),
      fingerprint: str(128, { nullable: false }),
      status: { type: 'integer', nullable: true },
      response: { type: 'json', nullable: true },
    },
    versioned: true,
    softDelete: false,
    uniqueActive: [['idempotencyKey']],
    indexes: [],
    linkFields: {},
  },
} as const satisfies Record<string, TableDefinition>

/** Name of a table. */
export type TableName =
  | 'contacts'
  | 'companies'
  | 'pipelines'
  | 'stages'
  | 'deals'
  | 'dealTransitions'
  | 'activities'
  | 'tasks'
  | 'customFields'
  | 'events'
  | 'touchpoints'
  | 'conversions'
  | 'identities'
  | 'segments'
  | 'segmentMembers'
  | 'idempotencyKeys'

/** Name of a many-to-many link table. */
export type LinkTableName = 'contactCompanies' | 'dealContacts'

/** Link tables: rows are `(tenantId, leftId, rightId, createdAt)`, primary key all three ids. */
export const links = {
  contactCompanies: {
    name: 'contactCompanies',
    left: { table: 'contacts', column: 'contactId' },
    right: { table: 'companies', column: 'companyId' },
  },
  dealContacts: {
    name: 'dealContacts',
    left: { table: 'deals', column: 'dealId' },
    right: { table: 'contacts', column: 'contactId' },
  },
} as const satisfies Record<LinkTableName, LinkDefinition>

/** The table definitions as a list, in creation order. */
export const tableList: readonly TableDefinition[] = Object.values(tables)
