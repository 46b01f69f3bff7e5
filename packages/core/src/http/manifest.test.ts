import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { manifest } from './manifest.js'
import { manifestOf, manifestSource } from './manifest-source.js'

it("the remote client's manifest is the one the service declaration gives", async () => {
  if (process.env.CRMKIT_UPDATE_HTTP_MANIFEST === '1') {
    await writeFile(fileURLToPath(new URL('./manifest.ts', import.meta.url)), manifestSource())
  }
  expect(manifest, 'run CRMKIT_UPDATE_HTTP_MANIFEST=1 npx vitest run packages/core/src/http/manifest.test.ts').toEqual(
    manifestOf(),
  )
})
