/**
 * Record ids: UUIDv7 (RFC 9562). The first 48 bits are the Unix time in milliseconds, so
 * ids sort by creation time as text; the rest is random. Within one millisecond a
 * generator counts up instead of drawing fresh bits (RFC 9562 §6.2, method 1), so ids
 * from one generator are strictly increasing even when many are made in the same
 * millisecond — the outbox and the default list order rely on that.
 *
 * Randomness comes from `globalThis.crypto.getRandomValues`, which exists in browsers,
 * workers and Node ≥ 19, so core stays free of Node imports.
 */

/** A function returning a new unique id on every call. */
export type IdGenerator = () => string

/** Options of {@link createIdGenerator}. */
export interface IdGeneratorOptions {
  /** Milliseconds since the epoch. Default `Date.now`. Inject for deterministic tests. */
  readonly now?: () => number
}

// 42 counter bits: the 12 bits of `rand_a` and the top 30 bits of `rand_b`.
const COUNTER_BITS = 42
const COUNTER_LIMIT = 2 ** COUNTER_BITS
const LOW_BITS = 2 ** 30
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Draws random bytes in blocks, because one `getRandomValues` call per id is slow. */
function randomPool(): (count: number) => Uint8Array {
  const pool = new Uint8Array(4096)
  let offset = pool.length
  return (count) => {
    if (offset + count > pool.length) {
      globalThis.crypto.getRandomValues(pool)
      offset = 0
    }
    const bytes = pool.subarray(offset, offset + count)
    offset += count
    return bytes
  }
}

/**
 * Create a UUIDv7 generator whose ids are strictly increasing (as strings and as bytes)
 * for the lifetime of the generator, even if the clock steps backwards.
 */
export function createIdGenerator(options: IdGeneratorOptions = {}): IdGenerator {
  const now = options.now ?? Date.now
  const random = randomPool()
  let lastMs = -1
  let counter = 0
  const bytes = new Uint8Array(16)

  return () => {
    let ms = Math.floor(now())
    if (ms > lastMs) {
      // New millisecond: seed the counter randomly in its lower half, leaving room to count up.
      const seed = random(6)
      counter =
        ((seed[0] ?? 0) & 0x01) * 2 ** 40 +
        (seed[1] ?? 0) * 2 ** 32 +
        (((seed[2] ?? 0) << 24) >>> 0) +
        ((seed[3] ?? 0) << 16) +
        ((seed[4] ?? 0) << 8) +
        (seed[5] ?? 0)
      lastMs = ms
    } else {
      // Same millisecond, or the clock went back: keep the last time and count up.
      ms = lastMs
      counter += 1
      if (counter >= COUNTER_LIMIT) {
        // Counter exhausted (2^41 ids in one ms cannot happen in practice): borrow the next ms.
        lastMs += 1
        ms = lastMs
        counter = 0
      }
    }
    const high = Math.floor(counter / LOW_BITS) // 12 bits
    const low = counter % LOW_BITS // 30 bits
    const tail = random(4)

    bytes[0] = Math.floor(ms / 2 ** 40) & 0xff
    bytes[1] = Math.floor(ms / 2 ** 32) & 0xff
    bytes[2] = Math.floor(ms / 2 ** 24) & 0xff
    bytes[3] = Math.floor(ms / 2 ** 16) & 0xff
    bytes[4] = Math.floor(ms / 2 ** 8) & 0xff
    bytes[5] = ms & 0xff
    bytes[6] = 0x70 | (high >> 8) // version 7
    bytes[7] = high & 0xff
    bytes[8] = 0x80 | (low >> 24) // variant 0b10
    bytes[9] = (low >> 16) & 0xff
    bytes[10] = (low >> 8) & 0xff
    bytes[11] = low & 0xff
    bytes.set(tail, 12)

    let out = ''
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out += '-'
      out += HEX[bytes[i] ?? 0]
    }
    return out
  }
}

const defaultGenerator = createIdGenerator()

/** A new UUIDv7 from the process-wide generator (monotonic within this JavaScript realm). */
export function uuidv7(): string {
  return defaultGenerator()
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Whether `value` is a lowercase UUIDv7 string. */
export function isUuidV7(value: string): boolean {
  return UUID_V7.test(value)
}

/** The creation time encoded in a UUIDv7 (milliseconds since the epoch). */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
}
