import { memoryHarness } from '../testing/harness-memory.js'
import { defineConformanceSuite } from '../testing.js'

// The memory adapter needs no server: it always runs.
defineConformanceSuite(memoryHarness())
