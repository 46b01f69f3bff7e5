/**
 * Which SQL servers the conformance run can use. Postgres and MySQL come from
 * `CRMKIT_TEST_POSTGRES_URL` / `CRMKIT_TEST_MYSQL_URL`, or the local defaults. A server that
 * cannot be reached is skipped with its reason, except under `CI=true`, where the run must
 * cover every dialect and an unreachable server is a failure.
 */

/** The dialects the conformance suite runs on. */
export type ConformanceDialect = 'memory' | 'sqlite' | 'postgres' | 'mysql'
/** Dialects that need a server. */
export type ServerDialect = 'postgres' | 'mysql'

declare module 'vitest' {
  interface ProvidedContext {
    /** Availability of every conformance dialect, probed once per run by the globalSetup. */
    crmkitDialects: Record<ConformanceDialect, DialectStatus>
  }
}

/** Whether a dialect can run here, and if not, why. */
export interface DialectStatus {
  readonly dialect: ConformanceDialect
  readonly available: boolean
  /** Connection URL used (server dialects), password removed. */
  readonly where?: string
  /** Why it is unavailable (the connection error). */
  readonly reason?: string
}

const ENV: Record<ServerDialect, string> = { postgres: 'CRMKIT_TEST_POSTGRES_URL', mysql: 'CRMKIT_TEST_MYSQL_URL' }
const DEFAULTS: Record<ServerDialect, string> = {
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
}

/** The server URL for a dialect: the environment variable, else the local default. */
export function serverUrl(dialect: ServerDialect): string {
  const fromEnv = process.env[ENV[dialect]]
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : DEFAULTS[dialect]
}

/** Name of the environment variable that configures a dialect's server. */
export function serverEnvVar(dialect: ServerDialect): string {
  return ENV[dialect]
}

/** Whether this is a CI run (`CI=true` or `CI=1`): missing servers then fail instead of skipping. */
export function isCi(): boolean {
  const ci = (process.env.CI ?? '').toLowerCase()
  return ci === 'true' || ci === '1'
}

/** A URL with its password replaced, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '<unparseable url>'
  }
}

const PROBE_TIMEOUT_MS = 5_000

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function message(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(message).join('; ')
  if (error instanceof Error) return error.message || error.name
  return String(error)
}

/** Connects once and runs `select 1` to tell whether a server dialect can run. */
export async function probeServer(dialect: ServerDialect): Promise<DialectStatus> {
  const url = serverUrl(dialect)
  const where = redactUrl(url)
  try {
    if (dialect === 'postgres') {
      const { default: pg } = await import('pg')
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS })
      try {
        await withTimeout(client.connect(), 'connect')
        await withTimeout(client.query('select 1'), 'select 1')
      } finally {
        await client.end().catch(() => undefined)
      }
    } else {
      const mysql = await import('mysql2/promise')
      const connection = await withTimeout(
        mysql.createConnection({ uri: url, connectTimeout: PROBE_TIMEOUT_MS }),
        'connect',
      )
      try {
        await withTimeout(connection.query('select 1'), 'select 1')
      } finally {
        await connection.end().catch(() => undefined)
      }
    }
    return { dialect, available: true, where }
  } catch (error) {
    return { dialect, available: false, where, reason: `${where} unreachable (${message(error)}); set ${ENV[dialect]}` }
  }
}

/** Whether better-sqlite3 (an optional peer dependency with a native build) loads and opens a database. */
export async function probeSqlite(): Promise<DialectStatus> {
  try {
    const { default: Database } = await import('better-sqlite3')
    new Database(':memory:').close()
    return { dialect: 'sqlite', available: true, where: 'better-sqlite3, a temporary database file' }
  } catch (error) {
    return { dialect: 'sqlite', available: false, reason: `better-sqlite3 does not load (${message(error)})` }
  }
}
