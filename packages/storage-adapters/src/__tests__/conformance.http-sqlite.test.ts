import { sqlHarness } from '../testing/harness-sql.js'
import { httpSuiteOptions } from '../testing/remote.js'
import { defineDialectSuite, dialectStatus } from '../testing/runner.js'

// The whole suite through remote client -> HTTP handler -> sqlite (see testing/remote.ts); runs when
// sqlite is available, otherwise a skip with the reason (a failure under CI=true).
defineDialectSuite(
  await dialectStatus('sqlite'),
  () => ({ ...sqlHarness('sqlite'), name: 'sqlite via http' }),
  httpSuiteOptions,
)
