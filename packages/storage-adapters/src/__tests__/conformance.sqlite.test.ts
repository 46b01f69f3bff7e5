import { sqlHarness } from '../testing/harness-sql.js'
import { defineDialectSuite, dialectStatus } from '../testing/runner.js'

// Runs when sqlite is available; otherwise a skip with the reason (a failure under CI=true).
defineDialectSuite(await dialectStatus('sqlite'), () => sqlHarness('sqlite'))
