import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEventBus, isEventOfType } from './bus.js'
import type { AnyCrmEvent } from './types.js'

const event = (type: AnyCrmEvent['type'], id = 'e1'): AnyCrmEvent =>
  ({
    id,
    type,
    tenantId: 't',
    actor: 'a',
    occurredAt: '2026-01-01T00:00:00.000Z',
    payload: {},
  }) as unknown as AnyCrmEvent

afterEach(() => {
  vi.restoreAllMocks()
})

describe('event bus', () => {
  it('delivers events of a type to its subscribers and every event to onAny, in order', () => {
    const bus = createEventBus()
    const seen: string[] = []
    bus.on('deal.won', (e) => void seen.push(`won:${e.id}`))
    bus.onAny((e) => void seen.push(`any:${e.type}`))
    bus.dispatch([event('deal.stageChanged', 's'), event('deal.won', 'w')])
    expect(seen).toEqual(['any:deal.stageChanged', 'won:w', 'any:deal.won'])
  })

  it('the function returned by on/onAny unsubscribes; subscribing one function twice gives two subscriptions', () => {
    const bus = createEventBus()
    const fn = vi.fn()
    const off1 = bus.on('contact.created', fn)
    const off2 = bus.on('contact.created', fn)
    bus.dispatch([event('contact.created')])
    expect(fn).toHaveBeenCalledTimes(2)
    off1()
    bus.dispatch([event('contact.created')])
    expect(fn).toHaveBeenCalledTimes(3)
    off2()
    off2()
    bus.dispatch([event('contact.created')])
    expect(fn).toHaveBeenCalledTimes(3)
    expect(bus.hasSubscribers()).toBe(false)
  })

  it('a throwing subscriber does not stop the others; its error and event go to onError', () => {
    const bus = createEventBus()
    const errors: Array<[unknown, string]> = []
    bus.onError((error, e) => void errors.push([error, e.type]))
    const boom = new Error('boom')
    bus.on('task.created', () => {
      throw boom
    })
    const after = vi.fn()
    bus.on('task.created', after)
    expect(() => bus.dispatch([event('task.created')])).not.toThrow()
    expect(after).toHaveBeenCalledOnce()
    expect(errors).toEqual([[boom, 'task.created']])
  })

  it('a rejecting async subscriber is reported to onError too', async () => {
    const bus = createEventBus()
    const reported = new Promise((resolve) => bus.onError((error) => resolve(error)))
    bus.on('company.created', async () => {
      throw new Error('later')
    })
    bus.dispatch([event('company.created')])
    await expect(reported).resolves.toEqual(new Error('later'))
  })

  it('without onError listeners, subscriber errors are logged, never thrown into the write', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const bus = createEventBus()
    bus.onAny(() => {
      throw new Error('unheard')
    })
    expect(() => bus.dispatch([event('contact.updated')])).not.toThrow()
    expect(log).toHaveBeenCalledOnce()
  })

  it('a subscriber that unsubscribes another during delivery does not make the bus skip or crash', () => {
    const bus = createEventBus()
    const seen: string[] = []
    let offB = () => {}
    bus.onAny(() => {
      seen.push('a')
      offB()
    })
    offB = bus.onAny(() => void seen.push('b'))
    bus.dispatch([event('contact.deleted'), event('contact.created')])
    expect(seen).toEqual(['a', 'b', 'a'])
  })

  it('isEventOfType narrows inside onAny', () => {
    const e = event('deal.lost')
    expect(isEventOfType(e, 'deal.lost')).toBe(true)
    expect(isEventOfType(e, 'deal.won')).toBe(false)
  })
})
