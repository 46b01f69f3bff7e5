import { describe, expect, it } from 'vitest'
import { enterStage, initialStatus, insertPosition, stageOrderProblems } from './stages.js'

const T1 = '2026-01-01T00:00:00.000Z'
const T2 = '2026-02-01T00:00:00.000Z'
const open = { status: 'open', closedAt: null, lostReason: null } as const

describe('stage rules', () => {
  it('a new deal takes its stage kind as status and is closed at creation in a won/lost stage', () => {
    expect(initialStatus('open', T1)).toEqual({ status: 'open', closedAt: null })
    expect(initialStatus('won', T1)).toEqual({ status: 'won', closedAt: T1 })
  })

  it('entering won or lost closes the deal now; a lost reason is kept only in lost stages', () => {
    expect(enterStage(open, 'won', T2)).toEqual({ status: 'won', closedAt: T2, lostReason: null })
    expect(enterStage(open, 'lost', T2, 'price')).toEqual({ status: 'lost', closedAt: T2, lostReason: 'price' })
    expect(enterStage({ status: 'lost', closedAt: T1, lostReason: 'price' }, 'won', T2)).toEqual({
      status: 'won',
      closedAt: T2,
      lostReason: null,
    })
  })

  it('moving between stages of the same closed kind keeps the close time; reopening clears it', () => {
    const lost = { status: 'lost', closedAt: T1, lostReason: 'price' } as const
    expect(enterStage(lost, 'lost', T2)).toEqual(lost)
    expect(enterStage(lost, 'lost', T2, 'timing')).toEqual({ ...lost, lostReason: 'timing' })
    expect(enterStage(lost, 'open', T2)).toEqual(open)
  })

  it('a stage inserted past the end lands last', () => {
    expect(insertPosition(3, undefined)).toBe(3)
    expect(insertPosition(3, 0)).toBe(0)
    expect(insertPosition(3, 99)).toBe(3)
  })

  it('a stage order must name every stage of the pipeline exactly once and nothing else', () => {
    expect(stageOrderProblems(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual([])
    const custom = { code: 'custom' }
    expect(stageOrderProblems(['a', 'b', 'c'], ['a', 'b'])).toEqual([
      { path: [], message: 'Every stage must be listed; missing c', ...custom },
    ])
    expect(stageOrderProblems(['a', 'b', 'c'], ['a', 'a', 'x', 'b'])).toEqual([
      { path: [1], message: 'a is listed twice', ...custom },
      { path: [2], message: 'x is not a stage of this pipeline', ...custom },
      { path: [], message: 'Every stage must be listed; missing c', ...custom },
    ])
  })
})
