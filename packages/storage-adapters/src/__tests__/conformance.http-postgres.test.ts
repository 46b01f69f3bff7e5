import { sqlHarness } from '../testing/harness-sql.js'
import { httpSuiteOptions } from '../testing/remote.js'
import { defineDialectSuite, dialectStatus } from '../testing/runner.js'

// The whole suite through remote client -> HTTP handler -> postgres (see testing/remote.ts); runs when
// postgres is available, otherwise a skip with the reason (a failure under CI=true).
defineDialectSuite(
  await dialectStatus('postgres'),
  () => ({ ...sqlHarness('postgres'), name: 'postgres via http' }),
  httpSuiteOptions,
)
