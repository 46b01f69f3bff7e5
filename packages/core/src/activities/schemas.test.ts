import { describe, expect, it } from 'vitest'
import { check } from '../shared/validation.js'
import { activityInputSchema, taskInputSchema, taskPatchSchema, timelineOptionsSchema } from './schemas.js'

const paths = (schema: Parameters<typeof check>[0], input: unknown) => {
  const result = check(schema, input)
  return result.ok ? [] : result.issues.map((i) => i.path.join('.'))
}

describe('activity input', () => {
  it('types are the built-ins or custom:<name>', () => {
    for (const type of [
      'email',
      'call',
      'meeting',
      'note',
      'pageView',
      'formSubmission',
      'custom:webinar',
      'custom:trade-show.2026',
    ]) {
      expect(paths(activityInputSchema, { type, contactId: 'c' }), type).toEqual([])
    }
    for (const type of ['fax', 'custom:', 'custom:a b', 'Custom:x', `custom:${'x'.repeat(58)}`]) {
      expect(paths(activityInputSchema, { type, contactId: 'c' }), type).toEqual(['type'])
    }
  })

  it('needs at least one of contactId, companyId, dealId', () => {
    expect(paths(activityInputSchema, { type: 'note' })).toEqual(['contactId'])
    expect(paths(activityInputSchema, { type: 'note', dealId: 'd' })).toEqual([])
  })

  it('normalises occurredAt, keeps metadata JSON, refuses the actor (set by the scope)', () => {
    expect(
      check(activityInputSchema, {
        type: 'call',
        companyId: 'c',
        occurredAt: '2026-01-01T10:00:00+01:00',
        metadata: { a: [1, null] },
      }),
    ).toMatchObject({
      value: { occurredAt: '2026-01-01T09:00:00.000Z', metadata: { a: [1, null] } },
    })
    expect(paths(activityInputSchema, { type: 'call', companyId: 'c', actor: 'me', metadata: { f: () => 1 } })).toEqual(
      ['metadata.f', 'actor'],
    )
  })

  it('a timeline is of at most one record', () => {
    expect(paths(timelineOptionsSchema, { contactId: 'a', dealId: 'b' })).toEqual([''])
    expect(paths(timelineOptionsSchema, { types: ['call'], limit: 1001 })).toEqual(['limit'])
  })
})

describe('task input', () => {
  it('needs a title; status and completion are not settable', () => {
    expect(paths(taskInputSchema, { dueAt: 'tomorrow' })).toEqual(['title', 'dueAt'])
    expect(paths(taskPatchSchema, { status: 'completed', completedAt: '2026-01-01T00:00:00Z' })).toEqual([
      'status',
      'completedAt',
    ])
  })
})
