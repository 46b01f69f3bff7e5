/**
 * Setup of the widgets' browser tests. "ResizeObserver loop completed with undelivered
 * notifications" is a benign browser report (the spec delivers the rest next frame; the
 * virtualizer measures rows in a ResizeObserver callback that changes layout) that the test runner
 * would count as an uncaught error. Only that message is filtered; every other error still fails.
 */
window.addEventListener(
  'error',
  (event) => {
    if (event.message?.startsWith('ResizeObserver loop')) {
      event.stopImmediatePropagation()
      event.preventDefault()
    }
  },
  { capture: true },
)
