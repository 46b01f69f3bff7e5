import { describe, expect, it } from 'vitest'
import { createIdGenerator, isUuidV7, uuidv7, uuidv7Time } from './ids.js'

describe('UUIDv7 ids', () => {
  it('are RFC 9562 version-7 UUIDs carrying their creation time', () => {
    const at = Date.UTC(2026, 10, 25, 11, 35, 30, 123)
    const id = createIdGenerator({ now: () => at })()
    expect(isUuidV7(id)).toBe(true)
    expect(id).toHaveLength(36)
    expect(uuidv7Time(id)).toBe(at)
  })

  it('are unique over many ids made in the same millisecond', () => {
    const next = createIdGenerator({ now: () => 1_700_000_000_000 })
    const ids = Array.from({ length: 50_000 }, next)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('strictly increase as strings within one millisecond, across milliseconds and when the clock steps back', () => {
    let ms = 1_700_000_000_000
    const steps = [0, 0, 0, 1, 1, 5, -3, -3, 0, 10, 10, -100, 2]
    const next = createIdGenerator({ now: () => ms })
    const ids: string[] = []
    for (const step of steps) {
      ms += step
      for (let i = 0; i < 100; i++) ids.push(next())
    }
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('sort by time: an id made a millisecond later sorts after, whatever the random bits', () => {
    let ms = 1_700_000_000_000
    const a = createIdGenerator({ now: () => ms })
    const b = createIdGenerator({ now: () => ms })
    for (let i = 0; i < 200; i++) {
      const first = a()
      ms += 1
      expect(b() > first).toBe(true)
    }
  })

  it('the default generator is monotonic too', () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7())
    expect([...ids].sort()).toEqual(ids)
  })

  it('isUuidV7 rejects other UUID versions and malformed strings', () => {
    expect(isUuidV7('550e8400-e29b-41d4-a716-446655440000')).toBe(false)
    expect(isUuidV7('not-a-uuid')).toBe(false)
    expect(isUuidV7(uuidv7().toUpperCase())).toBe(false)
  })
})
