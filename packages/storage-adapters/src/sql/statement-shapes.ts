/**
 * Statement texts compiled once per shape. Building a Kysely query and compiling it costs far
 * more JavaScript time than a single-row statement costs the database (a warm SQLite `get`
 * spent most of its time there). A statement whose text depends only on its shape (table,
 * columns, flags) is compiled once with placeholder {@link Slot}s where the values go; later
 * calls bind fresh values to the same text, which also lets SQLite reuse its prepared
 * statement (see the SQLite statement cache). `insert-statement.ts` does the same for INSERTs.
 */
import type { Kysely, RawBuilder } from 'kysely'
import { CompiledQuery } from 'kysely'
import type { SqlDb, SqlDialect } from './dialect.js'

/** Stands for the `index`-th value of a call while a shape is compiled. */
export class Slot {
  constructor(readonly index: number) {}
}

interface Shape {
  readonly sql: string
  /** Each parameter: a {@link Slot} to fill from the call's values, or a constant of the shape. */
  readonly parameters: readonly unknown[]
}

/** Shapes kept; least recently used ones are compiled again when needed. */
const CACHE_SIZE = 256
const shapes = new Map<string, Shape>()

/**
 * The statement of shape `key` (unique per dialect and text) with `values` bound. `build`
 * runs only on the first call of a shape; it writes `slot(i)` wherever the i-th value goes.
 */
export function shapedQuery(
  db: Kysely<SqlDb>,
  dialect: SqlDialect,
  key: string,
  build: (slot: (index: number) => Slot) => RawBuilder<unknown>,
  values: readonly unknown[],
): CompiledQuery {
  const cacheKey = `${dialect.name}\u0000${key}`
  let shape = shapes.get(cacheKey)
  if (shape) {
    // Refresh the entry: the Map's insertion order is the eviction order.
    shapes.delete(cacheKey)
  } else {
    const compiled = build((index) => new Slot(index)).compile(db)
    shape = { sql: compiled.sql, parameters: compiled.parameters }
    if (shapes.size >= CACHE_SIZE) {
      const oldest = shapes.keys().next()
      if (!oldest.done) shapes.delete(oldest.value)
    }
  }
  shapes.set(cacheKey, shape)
  const parameters = shape.parameters.map((p) => (p instanceof Slot ? values[p.index] : p))
  return CompiledQuery.raw(shape.sql, parameters)
}
