import { memoryHarness } from '../testing/harness-memory.js'
import { httpSuiteOptions } from '../testing/remote.js'
import { defineConformanceSuite } from '../testing.js'

// The whole suite through remote client -> HTTP handler -> memory adapter (see testing/remote.ts).
defineConformanceSuite({ ...memoryHarness(), name: 'memory via http' }, httpSuiteOptions)
