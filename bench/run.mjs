// `npm run bench`: runs every benchmark in this folder (or those named on the command line)
// against the built packages, and prints one table per benchmark.
// Benchmarks measure; they never fail a build. Numbers go into notes and changesets.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const wanted = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort()

console.log(`node ${process.version}, ${new Date().toISOString()}`)
for (const file of files) {
  console.log(`\n## ${file}`)
  const { run } = await import(new URL(file, import.meta.url).href)
  await run()
}
