/**
 * Rows 1 and 2 of the acceptance table: the class entry has no side effect; registering twice
 * (a second bundle of the widgets on the page) warns once and never throws.
 * Each browser test file runs in its own page, so nothing here is defined beforehand.
 */
import { describe, expect, it, vi } from 'vitest'

describe('row 1: no import side effect', () => {
  it('importing the class entry defines no tag and makes no request', async () => {
    const define = vi.spyOn(customElements, 'define')
    const fetchSpy = vi.spyOn(globalThis, 'fetch')
    const open = vi.spyOn(XMLHttpRequest.prototype, 'open')
    const beacon = vi.spyOn(navigator, 'sendBeacon')
    const before = performance.getEntriesByType('resource').length
    const entry = await import('../index.js')
    expect(typeof entry.CrmContactListElement).toBe('function')
    expect(typeof entry.CrmProviderElement).toBe('function')
    expect(define).not.toHaveBeenCalled()
    expect(customElements.get('crm-provider')).toBeUndefined()
    expect(customElements.get('crm-contact-list')).toBeUndefined()
    expect(fetchSpy).not.toHaveBeenCalled()
    expect(open).not.toHaveBeenCalled()
    expect(beacon).not.toHaveBeenCalled()
    // The only resources fetched are the modules themselves (served by the test server).
    const fetched = performance.getEntriesByType('resource').slice(before) as PerformanceResourceTiming[]
    expect(fetched.filter((r) => r.initiatorType !== 'script' && r.initiatorType !== 'other')).toEqual([])
    define.mockRestore()
  })

  it('package.json marks only the define entry as having side effects', async () => {
    const pkg = (await import('../../package.json')).default as { sideEffects: string[] }
    expect(pkg.sideEffects.every((p) => p.includes('define'))).toBe(true)
  })
})

describe('row 2: double registration', () => {
  it('two bundles on one page: no page error, one console warning', async () => {
    const errors: unknown[] = []
    const onError = (event: ErrorEvent) => errors.push(event.error)
    window.addEventListener('error', onError)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    // Bundle one: the sources. Bundle two: the published build (dist/, made by `npm run build`),
    // whose classes are other objects, as with two copies of the package on a page.
    const first = await import('../define.js')
    expect(Object.values(first.defineCrmElements()).every((r) => r === 'same')).toBe(true)
    const built = '../../dist/define.js'
    let second: { defineCrmElements(): Record<string, string> }
    try {
      second = await import(/* @vite-ignore */ built)
    } catch (error) {
      throw new Error(`load the built bundle (run \`npm run build\` first): ${String(error)}`)
    }
    expect(customElements.get('crm-contact-list')).toBe(first.crmElements['crm-contact-list'])
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[0])).toContain('<crm-provider>, <crm-contact-list>')
    expect(Object.values(second.defineCrmElements()).every((r) => r === 'taken')).toBe(true)
    warn.mockRestore()
    window.removeEventListener('error', onError)
    expect(errors).toEqual([])
  })
})
