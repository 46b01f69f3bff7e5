/**
 * Registering custom elements. A page can hold two bundles (or two versions) of the widgets; the
 * second registration of a tag must not throw (shoelace#874, #705): it warns and keeps the first.
 */

/**
 * Define `tag` as `elementClass` unless the tag is taken. Returns true when this call defined it.
 * A taken tag logs one warning (none when it is the very same class).
 */
export function defineElement(tag: string, elementClass: CustomElementConstructor): boolean {
  const registry = globalThis.customElements
  if (!registry) return false
  const existing = registry.get(tag)
  if (existing) {
    if (existing !== elementClass) {
      console.warn(
        `@crmkit/widgets: <${tag}> is already defined (another bundle or version of the widgets is on the page); keeping the first definition.`,
      )
    }
    return false
  }
  registry.define(tag, elementClass)
  return true
}
