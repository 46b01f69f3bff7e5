/**
 * The filter compiler never puts a caller's string into SQL text: every value and custom
 * key is a bound parameter, on every dialect. Checked on compiled SQL for random filter
 * trees, and on real databases with keys and values that look like SQL.
 */

import type { ResolvedFilter } from '@crmkit/core/storage'
import { tables } from '@crmkit/core/storage'
import fc from 'fast-check'
import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import { describe, expect, it } from 'vitest'
import { availableSqlDialects } from '../../testing/databases.js'
import type { SqlDb, SqlDialect } from '../dialect.js'
import { mysqlDialect } from '../dialects/mysql/dialect.js'
import { postgresDialect } from '../dialects/postgres/dialect.js'
import { sqliteDialect } from '../dialects/sqlite/dialect.js'
import { compileFilter } from '../filter-compiler.js'
import { pagePhases } from '../order.js'
import type { FieldSpec } from './arbitraries.js'
import { filters } from './arbitraries.js'
import { contact, nextTenant, useMigratedDatabase } from './fixtures.js'

/** Kysely instances that only compile (no connection). */
const compileOnly: Array<[SqlDialect, Kysely<SqlDb>]> = [
  [
    sqliteDialect,
    new Kysely<SqlDb>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
    }),
  ],
  [
    postgresDialect,
    new Kysely<SqlDb>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    }),
  ],
  [
    mysqlDialect,
    new Kysely<SqlDb>({
      dialect: {
        createAdapter: () => new MysqlAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new MysqlIntrospector(db),
        createQueryCompiler: () => new MysqlQueryCompiler(),
      },
    }),
  ],
]

const MARK = 'Mk7'
const marked = fc.string({ maxLength: 6 }).map((s) => `${MARK}${s}'"--`)
const evilKey = `${MARK}key') or ('1'='1`

const markedFields: FieldSpec[] = [
  { target: { source: 'column', column: 'email', type: 'string' }, value: marked },
  { target: { source: 'column', column: 'createdAt', type: 'timestamp' }, value: marked },
  { target: { source: 'column', column: 'tags', type: 'stringArray' }, value: marked },
  { target: { source: 'custom', key: evilKey, type: 'string' }, value: marked },
  {
    target: { source: 'custom', key: evilKey, type: 'number' },
    value: fc.double({ noNaN: true, noDefaultInfinity: true }),
  },
  { target: { source: 'custom', key: evilKey, type: 'boolean' }, value: fc.boolean() },
  { target: { source: 'custom', key: evilKey, type: 'stringArray' }, value: marked },
  { target: { source: 'link', field: 'companyIds', type: 'stringArray' }, value: marked },
]

describe('filter compiler', () => {
  it.each(compileOnly.map(([spec, db]) => [spec.name, spec, db] as const))(
    '%s: values and custom keys are always parameters',
    (_name, spec, db) => {
      fc.assert(
        fc.property(filters(markedFields), (where: ResolvedFilter) => {
          const compiled = db
            .selectFrom(db.dynamic.table('crm_contacts').as('r'))
            .select('r.id')
            .where(compileFilter(where, { dialect: spec, table: tables.contacts, tenantId: `${MARK}tenant` }))
            .compile()
          expect(compiled.sql).not.toContain(MARK)
        }),
        { numRuns: 300 },
      )
    },
  )

  it.each(compileOnly.map(([spec, db]) => [spec.name, spec, db] as const))(
    '%s: custom-field sorts and their cursors bind the key and the value',
    (_name, spec, db) => {
      for (const type of ['string', 'number', 'boolean', 'date'] as const) {
        const order = { column: 'custom', direction: 'desc', customField: { key: evilKey, type } } as const
        const value = type === 'number' || type === 'boolean' ? 1 : `${MARK}'`
        for (const phase of pagePhases(spec, tables.contacts, order, { value, id: `${MARK}id` })) {
          let query = db.selectFrom(db.dynamic.table('crm_contacts').as('r')).select('r.id')
          for (const condition of phase.where) query = query.where(condition)
          for (const item of phase.orderBy) query = query.orderBy(item)
          expect(query.compile().sql, type).not.toContain(MARK)
        }
      }
    },
  )
})

const dialects = await availableSqlDialects()

describe.each(dialects)('%s: SQL-looking keys and values are data', (dialect) => {
  const fixture = useMigratedDatabase(dialect)

  it('matches a custom key with quotes exactly, and nothing else', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const hit = contact({ custom: { [evilKey]: "v' or '1'='1", plan: 'x' } })
    await storage.insert('contacts', t, [hit, contact({ custom: { plan: 'x' } })])
    const where = (value: string): ResolvedFilter => ({
      kind: 'condition',
      target: { source: 'custom', key: evilKey, type: 'string' },
      op: 'eq',
      value,
    })
    expect((await storage.query('contacts', t, { where: where("v' or '1'='1") })).map((r) => r.id)).toEqual([hit.id])
    expect(await storage.query('contacts', t, { where: where("' or '1'='1") })).toEqual([])
    const starts: ResolvedFilter = {
      kind: 'condition',
      target: { source: 'custom', key: evilKey, type: 'string' },
      op: 'startsWith',
      value: "v'",
    }
    expect(await storage.count('contacts', t, { where: starts })).toBe(1)
  })

  it('contains/startsWith/endsWith treat % and _ literally and respect case', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    await storage.insert('contacts', t, [
      contact({ firstName: '100% sure' }),
      contact({ firstName: '100 percent' }),
      contact({ firstName: 'a_b' }),
      contact({ firstName: 'axb' }),
      contact({ firstName: 'Émile' }),
    ])
    const names = async (op: 'contains' | 'startsWith' | 'endsWith', value: string) =>
      (
        await storage.query('contacts', t, {
          where: { kind: 'condition', target: { source: 'column', column: 'firstName', type: 'string' }, op, value },
        })
      ).map((r) => r.firstName)
    expect(await names('contains', '%')).toEqual(['100% sure'])
    expect(await names('contains', '_')).toEqual(['a_b'])
    expect(await names('startsWith', '100%')).toEqual(['100% sure'])
    expect(await names('endsWith', '_b')).toEqual(['a_b'])
    expect(await names('startsWith', 'é')).toEqual([])
    expect(await names('startsWith', 'É')).toEqual(['Émile'])
  })

  it('case-insensitive operators fold A-Z only, on columns and custom values, with % _ \\ literal', async () => {
    const { storage } = fixture()
    const t = nextTenant()
    const people = ['100% SURE', 'a_B', 'AXB', 'Émile', 'ÉMILE', 'back\\Slash', 'İsa', 'STRASSE', 'Straße']
    await storage.insert(
      'contacts',
      t,
      people.map((firstName) => contact({ firstName, custom: { nick: firstName } })),
    )
    type CaseOp = 'eqi' | 'containsi' | 'startsWithi' | 'endsWithi'
    for (const target of [
      { source: 'column', column: 'firstName', type: 'string' },
      { source: 'custom', key: 'nick', type: 'string' },
    ] as const) {
      const names = async (op: CaseOp, value: string) =>
        (await storage.query('contacts', t, { where: { kind: 'condition', target, op, value } }))
          .map((r) => r.firstName)
          .sort()
      expect(await names('containsi', '%')).toEqual(['100% SURE'])
      expect(await names('containsi', '_b')).toEqual(['a_B'])
      expect(await names('startsWithi', '100% s')).toEqual(['100% SURE'])
      expect(await names('endsWithi', 'xB')).toEqual(['AXB'])
      expect(await names('containsi', '\\s')).toEqual(['back\\Slash'])
      expect(await names('eqi', 'émile')).toEqual([])
      expect(await names('eqi', 'Émile')).toEqual(['ÉMILE', 'Émile'])
      expect(await names('startsWithi', 'i')).toEqual([])
      expect(await names('eqi', 'strasse')).toEqual(['STRASSE'])
      expect(await names('eqi', 'STRASSE')).toEqual(['STRASSE'])
      expect(await names('containsi', 'ß')).toEqual(['Straße'])
    }
  })
})
