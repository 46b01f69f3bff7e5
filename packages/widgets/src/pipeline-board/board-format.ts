/**
 * A card's age, through Intl, with one formatter per locale: formatting 1k cards must not build
 * 1k formatters.
 */

const dayFormats = new Map<string, Intl.NumberFormat>()

/** Whole days from `iso` to `now`, formatted as a short unit ("12 days", "12 Tage", "12일"). */
export function formatAge(iso: string, now: number, locale: string): string {
  const days = Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000))
  let format = dayFormats.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'long' })
    dayFormats.set(locale, format)
  }
  return format.format(days)
}
