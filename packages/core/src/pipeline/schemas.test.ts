import { describe, expect, it } from 'vitest'
import { check } from '../shared/validation.js'
import { removeStageOptionsSchema, stageOrderSchema, stagePatchSchema } from './editing-schemas.js'
import { dealInputSchema, dealPatchSchema, moveToStageOptionsSchema, pipelineInputSchema } from './schemas.js'

const paths = (schema: Parameters<typeof check>[0], input: unknown) => {
  const result = check(schema, input)
  return result.ok ? [] : result.issues.map((i) => i.path.join('.'))
}

describe('pipeline input', () => {
  it('needs at least one stage; probabilities are 0..1; kinds are open/won/lost', () => {
    expect(paths(pipelineInputSchema, { name: 'Sales', currency: 'EUR', stages: [] })).toEqual(['stages'])
    expect(
      paths(pipelineInputSchema, {
        name: 'Sales',
        currency: 'EUR',
        stages: [
          { name: 'Lead', probability: 0.1 },
          { name: 'Won', probability: 1.5, kind: 'done' },
          { name: '', probability: -0.1 },
        ],
      }),
    ).toEqual(['stages.1.probability', 'stages.1.kind', 'stages.2.name', 'stages.2.probability'])
  })

  it('uppercases the currency and refuses read-only keys on stages', () => {
    expect(
      check(pipelineInputSchema, { name: 'S', currency: 'eur', stages: [{ name: 'L', probability: 0 }] }),
    ).toMatchObject({
      ok: true,
      value: { currency: 'EUR' },
    })
    expect(
      paths(pipelineInputSchema, {
        name: 'S',
        currency: 'EUR',
        stages: [{ name: 'L', probability: 0, id: 'x', position: 3 }],
      }),
    ).toEqual(['stages.0.id', 'stages.0.position'])
  })

  it('requires an ISO 4217 currency: every deal of the pipeline is valued in it', () => {
    const stages = [{ name: 'L', probability: 0 }]
    expect(paths(pipelineInputSchema, { name: 'S', stages })).toEqual(['currency'])
    expect(paths(pipelineInputSchema, { name: 'S', currency: null, stages })).toEqual(['currency'])
    expect(paths(pipelineInputSchema, { name: 'S', currency: 'EURO', stages })).toEqual(['currency'])
  })
})

describe('deal input', () => {
  const base = { title: 'Big', pipelineId: 'p', amount: { value: 129_900, currency: 'eur' } }

  it('money is integer minor units with an ISO currency', () => {
    expect(check(dealInputSchema, base)).toMatchObject({
      ok: true,
      value: { amount: { value: 129_900, currency: 'EUR' } },
    })
    expect(paths(dealInputSchema, { ...base, amount: { value: 12.5, currency: 'euro' } })).toEqual([
      'amount.value',
      'amount.currency',
    ])
    expect(paths(dealInputSchema, { ...base, amount: undefined })).toEqual(['amount'])
  })

  it('status, stage and pipeline cannot be patched (stage moves go through moveToStage)', () => {
    expect(paths(dealPatchSchema, { status: 'won', stageId: 's', pipelineId: 'p', closedAt: 'x' })).toEqual([
      'status',
      'stageId',
      'pipelineId',
      'closedAt',
    ])
  })

  it('expected close dates are calendar dates; move options accept a lost reason and a version', () => {
    expect(check(dealInputSchema, { ...base, expectedCloseDate: new Date('2026-06-30T12:00:00Z') })).toMatchObject({
      value: { expectedCloseDate: '2026-06-30' },
    })
    expect(paths(dealInputSchema, { ...base, expectedCloseDate: '30.06.2026' })).toEqual(['expectedCloseDate'])
    expect(paths(moveToStageOptionsSchema, { expectedVersion: 0, lostReason: 'price', force: true })).toEqual([
      'expectedVersion',
      'force',
    ])
  })
})

describe('pipeline edit inputs', () => {
  it('a stage patch takes name, probability and kind only; ids and positions are not patchable', () => {
    expect(paths(stagePatchSchema, { name: ' Demo ', probability: 0.4, kind: 'won' })).toEqual([])
    expect(paths(stagePatchSchema, { probability: 1.2, kind: 'closed', name: '' })).toEqual([
      'name',
      'probability',
      'kind',
    ])
    expect(paths(stagePatchSchema, { id: 'x', position: 0, pipelineId: 'p' })).toEqual(['id', 'position', 'pipelineId'])
  })

  it('removeStage options and a stage order take ids', () => {
    expect(paths(removeStageOptionsSchema, { moveDealsTo: 'abc', expectedVersion: 2 })).toEqual([])
    expect(paths(removeStageOptionsSchema, { moveDealsTo: '', expectedVersion: 0, force: true })).toEqual([
      'expectedVersion',
      'moveDealsTo',
      'force',
    ])
    expect(paths(stageOrderSchema, ['a', 7])).toEqual(['1'])
  })
})
