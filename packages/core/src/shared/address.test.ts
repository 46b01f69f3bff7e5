import { describe, expect, it } from 'vitest'
import { canonicalTimeZone, isCountryCode } from './address.js'

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const allPairs = [...LETTERS].flatMap((a) => [...LETTERS].map((b) => a + b))

describe('isCountryCode', () => {
  it('accepts exactly the 249 assigned ISO 3166-1 alpha-2 codes', () => {
    const accepted = allPairs.filter(isCountryCode)
    expect(accepted).toHaveLength(249)
    // CLDR (through Intl) names every assigned code: a typo in the compact list would show here.
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
    expect(accepted.filter((code) => names.of(code) === undefined)).toEqual([])
    for (const code of ['DE', 'US', 'GB', 'AX', 'BQ', 'CW', 'SS', 'SX', 'ZW', 'AQ', 'UM'])
      expect(code, code).toSatisfy(isCountryCode)
  })

  it('refuses reserved, withdrawn and user-assigned codes, and anything not two upper-case letters', () => {
    for (const code of ['UK', 'EU', 'XK', 'AN', 'YU', 'ZZ', 'AA', 'QO', 'de', 'D', 'DEU', '', '1A']) {
      expect(isCountryCode(code), code).toBe(false)
    }
  })
})

describe('canonicalTimeZone', () => {
  it('accepts IANA names and links, correcting the case of names the platform knows', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin')
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
    // A link stays as written, whichever name the engine deems canonical.
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires')
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Calcutta')
  })

  it('refuses names that are not IANA time zones, and UTC offsets', () => {
    for (const name of ['Mars/Olympus_Mons', 'Berlin', '', '+01:00', '-05:00', 'Europe/']) {
      expect(canonicalTimeZone(name), name).toBeUndefined()
    }
  })
})
