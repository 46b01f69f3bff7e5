// The page of the widgets benchmark (bundled by widgets.bench.mjs with esbuild, lit in production
// mode). `window.bench` runs one measurement per call; the Node side decides the order and repeats.
import { CrmContactListElement, defineContactList } from '@crmkit/widgets'
import { virtualize } from '@lit-labs/virtualizer/virtualize.js'
import { html, render } from 'lit'

defineContactList()
void CrmContactListElement

const names = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim']
function makeContacts(n) {
  const out = []
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()
    out.push({
      id: `c${String(i).padStart(8, '0')}`,
      tenantId: 'acme',
      version: 1,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      email: `c${i}@example.com`,
      firstName: names[i % names.length],
      lastName: `Row ${i}`,
      phone: null,
      title: null,
      lifecycleStage: 'lead',
      ownerId: null,
      tags: [],
      custom: {},
      companyIds: [],
      country: null,
      region: null,
      city: null,
      postalCode: null,
      timeZone: null,
    })
  }
  return out
}

// `contacts.list` over the array, with the real contract (limit, cursor, withTotal): the benchmark
// measures the element, not a storage adapter (the in-page memory adapter's own cost is reported apart).
function arrayClient(contacts) {
  return {
    tenantId: 'acme',
    actor: 'bench',
    contacts: {
      list: async (options = {}) => {
        const start = options.cursor ? Number(options.cursor) : 0
        const limit = options.limit ?? 50
        const items = contacts.slice(start, start + limit)
        const nextCursor = start + limit < contacts.length ? String(start + limit) : null
        return options.withTotal ? { items, nextCursor, total: contacts.length } : { items, nextCursor }
      },
    },
  }
}

let rows = []
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()))
const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0))
const until = async (predicate, what, timeout = 20_000) => {
  const start = performance.now()
  while (!predicate()) {
    if (performance.now() - start > timeout) throw new Error(`timed out: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}
// "Painted": the rows are in the DOM, then one frame rendered and the task after it ran.
const painted = async () => {
  await frame()
  await macrotask()
}

function nodeCount(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL)
  let n = 0
  while (walker.nextNode()) n++
  return n
}

function stage() {
  document.body.replaceChildren()
  const host = document.createElement('div')
  host.style.cssText = 'width: 900px'
  document.body.append(host)
  return host
}

let current

window.bench = {
  prepare(n) {
    rows = makeContacts(n)
    return rows.length
  },
  async listFirstPaint() {
    const host = stage()
    const start = performance.now()
    const el = document.createElement('crm-contact-list')
    el.style.setProperty('--crm-contact-list-height', '480px')
    el.pageSize = 1000
    el.client = arrayClient(rows)
    host.append(el)
    await until(() => el.shadowRoot?.querySelector('[role=row][data-row]'), 'list rows')
    const domMs = performance.now() - start
    await painted()
    const ms = performance.now() - start
    current = { el, root: el.shadowRoot, scroller: el.shadowRoot.querySelector('.body') }
    return {
      ms,
      domMs,
      rowsInDom: el.shadowRoot.querySelectorAll('[role=row][data-row]').length,
      nodes: nodeCount(el.shadowRoot),
    }
  },
  async bareFirstPaint() {
    const host = stage()
    const start = performance.now()
    const scroller = document.createElement('div')
    scroller.style.cssText = 'height: 480px; font: 14px system-ui'
    host.append(scroller)
    render(
      html`<div class="bare" style="height: 100%; overflow: auto">${virtualize({
        items: rows,
        scroller: true,
        keyFunction: (c) => c.id,
        renderItem: (c) =>
          html`<div style="display: grid; grid-template-columns: 1fr 1fr 1fr 1fr; height: 36px"><div>${c.firstName} ${c.lastName}</div><div>${c.email}</div><div>${c.lifecycleStage}</div><div>${c.updatedAt}</div></div>`,
      })}</div>`,
      scroller,
    )
    const list = scroller.querySelector('.bare')
    await until(() => list.children.length > 1, 'bare rows')
    const domMs = performance.now() - start
    await painted()
    const ms = performance.now() - start
    current = { el: scroller, root: scroller, scroller: list }
    return { ms, domMs, rowsInDom: list.children.length - 1, nodes: nodeCount(scroller) }
  },
  // Scroll like a user: `step` px per frame for `frames` frames; frame intervals from rAF timestamps.
  async scrollFrames(frames, step) {
    const { scroller } = current
    const times = []
    let last = await new Promise((resolve) => requestAnimationFrame(resolve))
    for (let i = 0; i < frames; i++) {
      scroller.scrollTop += step
      const now = await Promise.race([
        new Promise((resolve) => requestAnimationFrame(resolve)),
        new Promise((resolve) => setTimeout(() => resolve(null), 1000)),
      ])
      if (now === null) throw new Error('requestAnimationFrame stalled (headless Chromium); rerun')
      times.push(now - last)
      last = now
    }
    times.sort((a, b) => a - b)
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))]
    return { p50: q(0.5), p95: q(0.95), max: times[times.length - 1], scrollTop: scroller.scrollTop }
  },
  // Jump through every row (each step replaces all rendered rows) and count nodes at the end.
  async scrollThroughAll() {
    const { el, root, scroller } = current
    const first = nodeCount(root)
    const start = performance.now()
    let steps = 0
    while (
      scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1 ||
      (el.rows && el.rows.length < rows.length)
    ) {
      scroller.scrollTop += 4000
      steps++
      await new Promise((resolve) => setTimeout(resolve, 0))
      await frame()
      if (steps > 20_000) throw new Error('no end')
    }
    await painted()
    await painted()
    return {
      steps,
      ms: performance.now() - start,
      firstScreenNodes: first,
      nodesAfter: nodeCount(root),
      swept: el.markersSwept ?? 0,
    }
  },
}
window.benchReady = true
