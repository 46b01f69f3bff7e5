/**
 * Test support: an XSS payload corpus (markup, attribute breakouts, URLs, template syntax) and a
 * check that none of it ran or became elements.
 */

/** Payloads that would run script or create elements if rendered as HTML. Each sets `window.__xss`. */
export const xssCorpus: readonly string[] = [
  '<img src=x onerror="window.__xss=1">',
  '"><script>window.__xss=2</script>',
  "'><svg onload=window.__xss=3>",
  '<iframe srcdoc="<script>parent.__xss=4</script>"></iframe>',
  'javascript:window.__xss=5',
  '<a href="javascript:window.__xss=6">x</a>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is template syntax on purpose
  '${window.__xss=7}',
  '{{constructor.constructor("window.__xss=8")()}}',
  '<!--><img src=x onerror=window.__xss=9>-->',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=10>',
  '</div><div onmouseover="window.__xss=11">',
  '\u003cimg src=x onerror=window.__xss=12\u003e',
]

/** Elements a payload could have created. */
const dangerous = 'script, img, svg, iframe, a[href^="javascript"], math, [onerror], [onload], [onmouseover]'

/** Elements under `root` (shadow roots included) that came from data. */
export function injectedElements(root: Node): Element[] {
  const found: Element[] = []
  const visit = (node: ParentNode) => {
    for (const el of node.querySelectorAll('*')) {
      if (el.matches(dangerous)) found.push(el)
      if (el.shadowRoot) visit(el.shadowRoot)
    }
  }
  visit(root as ParentNode)
  return found
}
