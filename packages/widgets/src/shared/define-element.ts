/**
 * Registering custom elements. A page can hold two bundles (or two versions) of the widgets; the
 * second registration of a tag must not throw (shoelace#874, #705): it warns and keeps the first.
 */

/** What {@link defineElement} did: defined the tag, found this very class there, or found another. */
export type DefineResult = 'defined' | 'same' | 'taken'

/**
 * Define `tag` as `elementClass` unless the tag is taken. A tag taken by another class logs one
 * warning (pass `warn: false` to report it yourself); the very same class is silently kept.
 */
export function defineElement(
  tag: string,
  elementClass: CustomElementConstructor,
  options: { readonly warn?: boolean } = {},
): DefineResult {
  const registry = globalThis.customElements
  if (!registry) return 'taken'
  const existing = registry.get(tag)
  if (!existing) {
    registry.define(tag, elementClass)
    return 'defined'
  }
  if (existing === elementClass) return 'same'
  if (options.warn ?? true) warnTaken([tag])
  return 'taken'
}

/** The one warning for tags another bundle or version already defined. */
export function warnTaken(tags: readonly string[]): void {
  console.warn(
    `@crmkit/widgets: ${tags.map((t) => `<${t}>`).join(', ')} ${tags.length === 1 ? 'is' : 'are'} already defined (another bundle or version of the widgets is on the page); keeping the first definition.`,
  )
}
