import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { withStatementCache } from './statement-cache.js'

describe('SQLite statement cache', () => {
  it('reuses the prepared statement of a repeated text and still binds each call its own values', () => {
    const db = withStatementCache(new Database(':memory:'))
    db.prepare('create table t (x integer)').run([])
    const insert = db.prepare('insert into t (x) values (?)')
    expect(db.prepare('insert into t (x) values (?)')).toBe(insert)
    insert.run([1])
    db.prepare('insert into t (x) values (?)').run([2])
    expect(db.prepare('select x from t order by x').all([])).toEqual([{ x: 1 }, { x: 2 }])
    db.close()
  })

  it('prepares a fresh statement while the cached one is still being iterated', () => {
    const db = withStatementCache(new Database(':memory:'))
    db.prepare('create table t (x integer)').run([])
    for (const x of [1, 2]) db.prepare('insert into t (x) values (?)').run([x])
    const text = 'select x from t order by x'
    const seen: unknown[] = []
    for (const row of db.prepare(text).iterate([])) seen.push(row, db.prepare(text).all([]))
    expect(seen).toEqual([{ x: 1 }, [{ x: 1 }, { x: 2 }], { x: 2 }, [{ x: 1 }, { x: 2 }]])
    db.close()
  })
})
