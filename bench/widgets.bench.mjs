// Browser benchmark of @crmkit/widgets: <crm-contact-list> over 100k contacts against a bare
// @lit-labs/virtualizer list of the same rows, in the same page, in Debian's Chromium (headless,
// Playwright; CHROMIUM_PATH overrides the path). Lit runs in production mode (esbuild bundle).
// Reports first paint (median of 3, alternating), rows in the DOM, the DOM node count after
// scrolling through every row against the first screen (lit/lit#5298), and scrolling frame times.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright'

const N = Number(process.env.BENCH_WIDGETS_ROWS ?? 100_000)
const FRAMES = Number(process.env.BENCH_WIDGETS_FRAMES ?? 600)
// Pixels scrolled per frame (300 px is a fast fling: about 8 rows a frame).
const STEP = Number(process.env.BENCH_WIDGETS_STEP ?? 300)

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const fmt = (ms) => `${ms.toFixed(1)} ms`

export async function run() {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./widgets/page.mjs', import.meta.url))],
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    target: 'es2022',
    platform: 'browser',
  })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } })
    page.setDefaultTimeout(120_000)
    await page.setContent('<!doctype html><html lang="en"><head><title>bench</title></head><body></body></html>')
    await page.addScriptTag({ content: bundle.outputFiles[0].text, type: 'module' })
    await page.waitForFunction(() => window.benchReady === true)
    await page.evaluate((n) => window.bench.prepare(n), N)

    const list = []
    const bare = []
    const listDom = []
    const bareDom = []
    let listPaint
    let barePaint
    for (let i = 0; i < 3; i++) {
      barePaint = await page.evaluate(() => window.bench.bareFirstPaint())
      bare.push(barePaint.ms)
      bareDom.push(barePaint.domMs)
      listPaint = await page.evaluate(() => window.bench.listFirstPaint())
      list.push(listPaint.ms)
      listDom.push(listPaint.domMs)
    }
    const listFrames = await page.evaluate(([f, step]) => window.bench.scrollFrames(f, step), [FRAMES, STEP])
    const listPaint2 = await page.evaluate(() => window.bench.listFirstPaint())
    const listAll = await page.evaluate(() => window.bench.scrollThroughAll())
    await page.evaluate(() => window.bench.bareFirstPaint())
    const bareFrames = await page.evaluate(([f, step]) => window.bench.scrollFrames(f, step), [FRAMES, STEP])
    await page.evaluate(() => window.bench.bareFirstPaint())
    const bareAll = await page.evaluate(() => window.bench.scrollThroughAll())

    const ratio = median(list) / median(bare)
    console.log(`rows: ${N.toLocaleString('en')} contacts; Chromium ${browser.version()}; lit production build`)
    console.log('| measure | <crm-contact-list> | bare virtualizer | goal |')
    console.log('|---|---|---|---|')
    console.log(
      `| first paint (median of 3) | ${fmt(median(list))} | ${fmt(median(bare))} | ratio ${ratio.toFixed(2)}x (goal <= 1.2x) |`,
    )
    console.log(
      `| rows in the DOM, not yet painted (median of 3) | ${fmt(median(listDom))} | ${fmt(median(bareDom))} | |`,
    )
    console.log(`| rows in the DOM | ${listPaint.rowsInDom} | ${barePaint.rowsInDom} | <= ~100 |`)
    console.log(
      `| scrolling frames, ${FRAMES} x ${STEP} px: p50 / p95 / max | ${fmt(listFrames.p50)} / ${fmt(listFrames.p95)} / ${fmt(listFrames.max)} | ${fmt(bareFrames.p50)} / ${fmt(bareFrames.p95)} / ${fmt(bareFrames.max)} | p95 <= 34 ms |`,
    )
    console.log(
      `| DOM nodes: first screen -> after scrolling through all rows | ${listAll.firstScreenNodes} -> ${listAll.nodesAfter} (${listAll.swept} orphan markers swept, ${listAll.steps} steps) | ${bareAll.firstScreenNodes} -> ${bareAll.nodesAfter} (${bareAll.steps} steps) | within a constant |`,
    )
    console.log(`first-screen nodes of the list: ${listPaint2.nodes}`)
  } finally {
    await browser.close()
  }
}
