/**
 * Migration `0001_initial`, as shipped with the first release: the foundation tables and
 * the link tables. FROZEN: its schema is spelled out here rather than read from core's
 * table definitions, so a later change there cannot change what this migration creates;
 * the committed snapshots (`__snapshots__/<dialect>-0001_initial.json`) guard it.
 * Change the schema with a new migration instead.
 */
import type { Kysely, Migration } from 'kysely'
import type { SqlDb, SqlDialect } from '../dialect.js'
import type { ColumnSpec, LinkTableSpec, TableSpec } from './ddl.js'
import { createLinkTable, createTable, optional, required } from './ddl.js'

/** `id`, `tenant_id`, `created_at`: the columns every table starts with. */
export const baseColumns: readonly ColumnSpec[] = [
  required('id', 'string', 36),
  required('tenant_id', 'string', 128),
  required('created_at', 'timestamp'),
]

/** `version`, `updated_at`: columns of tables updated compare-and-set. */
export const versionColumns: readonly ColumnSpec[] = [
  required('version', 'integer'),
  required('updated_at', 'timestamp'),
]

const entity: readonly ColumnSpec[] = [...baseColumns, ...versionColumns, optional('deleted_at', 'timestamp')]

const tables: readonly TableSpec[] = [
  {
    table: 'crm_contacts',
    columns: [
      ...entity,
      optional('email', 'string', 320),
      optional('first_name', 'string', 255),
      optional('last_name', 'string', 255),
      optional('phone', 'string', 64),
      optional('title', 'string', 255),
      required('lifecycle_stage', 'string', 32),
      optional('owner_id', 'string', 128),
      required('tags', 'stringArray'),
      required('custom', 'json'),
    ],
    softDelete: true,
    uniqueActive: [['email']],
    indexes: [['created_at'], ['updated_at'], ['owner_id'], ['last_name']],
  },
  {
    table: 'crm_companies',
    columns: [
      ...entity,
      required('name', 'string', 255),
      optional('domain', 'string', 255),
      optional('industry', 'string', 255),
      optional('size', 'integer'),
      optional('owner_id', 'string', 128),
      required('tags', 'stringArray'),
      required('custom', 'json'),
    ],
    softDelete: true,
    uniqueActive: [],
    indexes: [['created_at'], ['name'], ['domain']],
  },
  {
    table: 'crm_pipelines',
    columns: [...entity, required('name', 'string', 255), optional('currency', 'string', 3)],
    softDelete: true,
    uniqueActive: [],
    indexes: [],
  },
  {
    table: 'crm_stages',
    columns: [
      ...entity,
      required('pipeline_id', 'string', 36),
      required('name', 'string', 255),
      required('position', 'integer'),
      required('probability', 'number'),
      required('kind', 'string', 8),
    ],
    softDelete: true,
    uniqueActive: [],
    indexes: [['pipeline_id', 'position']],
  },
  {
    table: 'crm_deals',
    columns: [
      ...entity,
      required('title', 'string', 255),
      required('pipeline_id', 'string', 36),
      required('stage_id', 'string', 36),
      required('status', 'string', 8),
      required('amount_value', 'integer'),
      required('amount_currency', 'string', 3),
      optional('expected_close_date', 'date'),
      optional('closed_at', 'timestamp'),
      optional('owner_id', 'string', 128),
      optional('company_id', 'string', 36),
      optional('lost_reason', 'string', 1000),
      required('tags', 'stringArray'),
      required('custom', 'json'),
    ],
    softDelete: true,
    uniqueActive: [],
    indexes: [['pipeline_id', 'stage_id'], ['company_id'], ['owner_id'], ['expected_close_date'], ['created_at']],
  },
  {
    table: 'crm_deal_transitions',
    columns: [
      ...baseColumns,
      required('deal_id', 'string', 36),
      required('pipeline_id', 'string', 36),
      optional('from_stage_id', 'string', 36),
      required('to_stage_id', 'string', 36),
      required('at', 'timestamp'),
      required('actor', 'string', 128),
    ],
    softDelete: false,
    uniqueActive: [],
    indexes: [
      ['deal_id', 'at'],
      ['pipeline_id', 'at'],
    ],
  },
  {
    table: 'crm_activities',
    columns: [
      ...entity,
      required('type', 'string', 64),
      optional('channel', 'string', 64),
      optional('subject', 'string', 500),
      optional('body', 'text'),
      required('occurred_at', 'timestamp'),
      optional('contact_id', 'string', 36),
      optional('company_id', 'string', 36),
      optional('deal_id', 'string', 36),
      required('actor', 'string', 128),
      required('metadata', 'json'),
    ],
    softDelete: true,
    uniqueActive: [],
    indexes: [
      ['contact_id', 'occurred_at'],
      ['company_id', 'occurred_at'],
      ['deal_id', 'occurred_at'],
      ['occurred_at'],
    ],
  },
  {
    table: 'crm_tasks',
    columns: [
      ...entity,
      required('title', 'string', 500),
      optional('notes', 'text'),
      optional('assignee', 'string', 128),
      optional('due_at', 'timestamp'),
      required('status', 'string', 16),
      optional('completed_at', 'timestamp'),
      optional('contact_id', 'string', 36),
      optional('company_id', 'string', 36),
      optional('deal_id', 'string', 36),
    ],
    softDelete: true,
    uniqueActive: [],
    indexes: [['assignee', 'status'], ['due_at'], ['contact_id'], ['deal_id']],
  },
  {
    table: 'crm_custom_fields',
    columns: [
      ...entity,
      required('entity', 'string', 16),
      required('key', 'string', 64),
      required('label', 'string', 255),
      required('type', 'string', 16),
      required('options', 'stringArray'),
      required('required', 'integer'),
    ],
    softDelete: true,
    uniqueActive: [['entity', 'key']],
    indexes: [],
  },
  {
    table: 'crm_events',
    columns: [
      ...baseColumns,
      required('type', 'string', 64),
      required('actor', 'string', 128),
      required('payload', 'json'),
    ],
    softDelete: false,
    uniqueActive: [],
    indexes: [['type', 'created_at']],
  },
]

const linkTables: readonly LinkTableSpec[] = [
  { table: 'crm_contact_companies', left: 'contact_id', right: 'company_id' },
  { table: 'crm_deal_contacts', left: 'deal_id', right: 'contact_id' },
]

/** `0001_initial` for one dialect. */
export function initialMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<SqlDb>) {
      const options = await dialect.tableOptions(db)
      for (const spec of tables) await createTable(db, dialect, spec, options)
      for (const spec of linkTables) await createLinkTable(db, dialect, spec, options)
    },
  }
}
