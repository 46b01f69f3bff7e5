/**
 * Per-element localisation. Each element has its own controller (an embedded kit cannot use one
 * global locale like @lit/localize): the language comes from the element's `lang` (or the nearest
 * ancestor's, across shadow roots), else the provider's `locale`, else `<html lang>`, else `en`; the
 * direction from the nearest `dir`. One shared MutationObserver re-renders elements when a
 * `lang`/`dir` attribute changes anywhere in the document.
 *
 * Strings are looked up along a fallback chain (`de-AT` -> `de` -> `en`): the provider's overrides
 * first, then translations registered with {@link registerTranslations}, then the element's own
 * tables. A key missing everywhere renders as the key.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { CrmSettings, StringTable, WidgetString } from './context.js'

/** Translations by locale (lowercase BCP 47 tags, e.g. `en`, `de`, `zh`). */
export type Translations = Readonly<Record<string, StringTable>>

const registry = new Map<string, Record<string, WidgetString>>()

/**
 * Add or replace strings for a locale, for every widget on the page (a language the kit does not
 * ship, or different wording). Later calls win per key.
 */
export function registerTranslations(locale: string, strings: StringTable): void {
  const key = locale.toLowerCase()
  registry.set(key, { ...registry.get(key), ...strings })
  for (const controller of live) controller.refresh()
}

/** `de-AT` -> [`de-at`, `de`, `en`]; every locale ends in English. */
export function localeChain(locale: string): string[] {
  const parts = locale.toLowerCase().split('-')
  const chain: string[] = []
  for (let n = parts.length; n > 0; n--) chain.push(parts.slice(0, n).join('-'))
  if (!chain.includes('en')) chain.push('en')
  return chain
}

const rtlLanguages = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ku', 'sd', 'ug'])

const live = new Set<LocalizeController>()
let observer: MutationObserver | undefined

function watchDocument(): void {
  if (observer || typeof MutationObserver === 'undefined' || typeof document === 'undefined') return
  observer = new MutationObserver(() => {
    for (const controller of live) controller.refresh()
  })
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true })
}

/** The nearest `attribute` on `start` or an ancestor, crossing shadow roots; `<html>` excluded when asked. */
function inherited(start: Element, attribute: string, stopAtDocumentElement: boolean): string | null {
  let node: Node | null = start
  while (node) {
    if (node instanceof Element) {
      if (stopAtDocumentElement && node === document.documentElement) return null
      const value = node.getAttribute(attribute)
      if (value) return value
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null)
  }
  return null
}

type Formatters = {
  number: Map<string, Intl.NumberFormat>
  date: Map<string, Intl.DateTimeFormat>
}

/** The localisation controller of one element. */
export class LocalizeController implements ReactiveController {
  /** Provider settings (locale, string overrides); set by the element from its context. */
  settings: CrmSettings | undefined
  private resolvedLang = 'en'
  private resolvedDir: 'ltr' | 'rtl' = 'ltr'
  private readonly formatters: Formatters = { number: new Map(), date: new Map() }
  private readonly host: ReactiveControllerHost & HTMLElement
  private readonly tables: Translations

  constructor(host: ReactiveControllerHost & HTMLElement, tables: Translations) {
    this.host = host
    this.tables = tables
    host.addController(this)
  }

  hostConnected(): void {
    live.add(this)
    watchDocument()
    this.resolve()
  }

  hostDisconnected(): void {
    live.delete(this)
  }

  /** Re-resolve language and direction; re-render when either changed. */
  refresh(): void {
    const before = `${this.resolvedLang}|${this.resolvedDir}`
    this.resolve()
    if (before !== `${this.resolvedLang}|${this.resolvedDir}`) {
      this.formatters.number.clear()
      this.formatters.date.clear()
    }
    // Registered strings may have changed even when the language did not, so always render.
    this.host.requestUpdate()
  }

  private resolve(): void {
    const own = inherited(this.host, 'lang', true)
    const lang = own ?? this.settings?.locale ?? (document.documentElement.lang || 'en')
    this.resolvedLang = normalise(lang)
    const dir = inherited(this.host, 'dir', false)
    this.resolvedDir =
      dir === 'rtl' || dir === 'ltr' ? dir : rtlLanguages.has(this.resolvedLang.split('-')[0] ?? '') ? 'rtl' : 'ltr'
  }

  /** The resolved language (BCP 47), e.g. `de-AT`. */
  get lang(): string {
    return this.resolvedLang
  }

  /** The resolved direction. */
  get dir(): 'ltr' | 'rtl' {
    return this.resolvedDir
  }

  /** The string `key`, called with `args` when it is a function (plurals, names). */
  t(key: string, ...args: unknown[]): string {
    const chain = localeChain(this.resolvedLang)
    const overrides = this.settings?.strings
    let found: WidgetString | undefined
    if (overrides) {
      for (const locale of chain) {
        found = overrides[locale]?.[key]
        if (found !== undefined) break
      }
      found ??= overrides['*']?.[key]
    }
    if (found === undefined) {
      for (const locale of chain) {
        found = registry.get(locale)?.[key] ?? this.tables[locale]?.[key]
        if (found !== undefined) break
      }
    }
    if (found === undefined) return key
    return typeof found === 'function' ? (found as (...a: unknown[]) => string)(...args) : found
  }

  /** Plural category of `n` in the current language (`one`, `other`, ...). */
  plural(n: number): Intl.LDMLPluralRule {
    return new Intl.PluralRules(this.resolvedLang).select(n)
  }

  /** A number, grouped for the language. */
  number(value: number, options?: Intl.NumberFormatOptions): string {
    return this.numberFormat(options ?? {}).format(value)
  }

  /**
   * Money given in minor units (crmkit's storage form): 123456 USD -> `$1,234.56`, 1500 JPY -> `¥1,500`.
   * The currency's own number of decimals decides the scale.
   */
  money(minor: number, currency: string): string {
    const format = this.numberFormat({ style: 'currency', currency })
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2
    return format.format(minor / 10 ** digits)
  }

  /** A date (ISO string, Date or epoch ms), `dateStyle: 'medium'` unless told. */
  date(value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
    const key = JSON.stringify(options)
    let format = this.formatters.date.get(key)
    if (!format) {
      format = new Intl.DateTimeFormat(this.resolvedLang, options)
      this.formatters.date.set(key, format)
    }
    return format.format(typeof value === 'string' ? new Date(value) : value)
  }

  /** "3 days ago" / "vor 3 Tagen", relative to `now` (ms). */
  relative(value: string | number | Date, now: number): string {
    const ms = (typeof value === 'string' ? Date.parse(value) : +value) - now
    const abs = Math.abs(ms)
    const units: [Intl.RelativeTimeFormatUnit, number][] = [
      ['year', 31_536_000_000],
      ['month', 2_592_000_000],
      ['week', 604_800_000],
      ['day', 86_400_000],
      ['hour', 3_600_000],
      ['minute', 60_000],
    ]
    const format = new Intl.RelativeTimeFormat(this.resolvedLang, { numeric: 'auto' })
    for (const [unit, size] of units) {
      if (abs >= size) return format.format(Math.round(ms / size), unit)
    }
    return format.format(Math.round(ms / 1000), 'second')
  }

  private numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
    const key = JSON.stringify(options)
    let format = this.formatters.number.get(key)
    if (!format) {
      format = new Intl.NumberFormat(this.resolvedLang, options)
      this.formatters.number.set(key, format)
    }
    return format
  }
}

function normalise(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en'
  } catch {
    return 'en'
  }
}
