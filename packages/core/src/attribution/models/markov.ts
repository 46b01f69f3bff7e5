import { ValidationError } from '../../errors.js'
import { creditRows, normalise } from './credit-rows.js'
import type { MarkovChain } from './markov-chain.js'
import { buildMarkovChain } from './markov-chain.js'
import type { RemovalSolution } from './markov-solve.js'
import { solveDense, solveIterative } from './markov-solve.js'
import type { PreparedPaths } from './prepare.js'
import type { MarkovAttribution, MarkovTransition } from './types.js'

/** Largest state count (start + channels) solved with the dense LU under `solver: 'auto'`. */
const DENSE_LIMIT = 500
/** Largest state count `solver: 'dense'` accepts: its cost grows with the cube. */
const DENSE_MAX = 3000

/** Options of the Markov model after validation. */
export interface MarkovSettings {
  readonly order?: 1 | 2 | 3 | 4 | undefined
  readonly ignoreNulls?: boolean | undefined
  readonly solver?: 'auto' | 'dense' | 'iterative' | undefined
  readonly tolerance?: number | undefined
  readonly maxIterations?: number | undefined
  readonly includeTransitions?: boolean | undefined
  readonly channels?: readonly string[] | undefined
}

/**
 * Data-driven attribution by removal effects of an absorbing Markov chain, solved exactly
 * (see {@link buildMarkovChain} for the states and {@link solveDense} /
 * {@link solveIterative} for the solves). Conversion credits are the removal effects
 * normalised to the total conversions; value credits are the value removal effects
 * (expected conversion value lost, a conversion being worth the mean value of the
 * conversions leaving its last state, as in ChannelAttribution) normalised to the total
 * value.
 */
export function markovAttribution(data: PreparedPaths, settings: MarkovSettings): MarkovAttribution {
  const order = settings.order ?? 1
  const ignoreNulls = settings.ignoreNulls ?? false
  const solver = settings.solver ?? 'auto'
  const n = data.channels.length
  if (solver === 'dense' && order !== 1) {
    throw new ValidationError('invalid attribution options', [
      { path: ['solver'], message: "the dense solver is for order 1; use 'iterative' or 'auto'", code: 'custom' },
    ])
  }
  if (solver === 'dense' && n + 1 > DENSE_MAX) {
    throw new ValidationError('invalid attribution options', [
      { path: ['solver'], message: `the dense solver takes at most ${DENSE_MAX - 1} channels (O(n³))`, code: 'custom' },
    ])
  }
  const chain = buildMarkovChain(data, order, ignoreNulls)
  const withValue = data.totalValue > 0
  const dense = solver === 'dense' || (solver === 'auto' && order === 1 && chain.stateCount <= DENSE_LIMIT)
  const solution: RemovalSolution = dense
    ? solveDense(chain, n)
    : solveIterative(chain, n, withValue, settings.tolerance ?? 1e-17, settings.maxIterations ?? 100_000)

  const conversions = normalise(solution.removalEffects, data.totalConversions)
  const value = withValue ? normalise(solution.valueRemovalEffects, data.totalValue) : new Float64Array(n)
  const p = solution.conversionProbability
  const channels = creditRows(data.channels, conversions, value, settings.channels, (id) => {
    const re = id < 0 ? 0 : (solution.removalEffects[id] as number)
    return {
      removalEffect: re,
      relativeRemovalEffect: p > 0 ? re / p : 0,
      valueRemovalEffect: id < 0 ? 0 : (solution.valueRemovalEffects[id] as number),
    }
  })
  const transitionMatrix = {
    states: chain.stateCount + 2,
    transitions: chain.transitionCount,
    ...(settings.includeTransitions === true ? { entries: transitionEntries(chain, data.channels) } : {}),
  }
  return {
    model: 'markov',
    order,
    channels,
    totalConversions: data.totalConversions,
    totalValue: data.totalValue,
    totalNulls: data.totalNulls,
    paths: data.size,
    conversionProbability: p,
    expectedValue: solution.expectedValue,
    transitionMatrix,
    solver: { method: solution.method, iterations: solution.iterations },
  }
}

function transitionEntries(chain: MarkovChain, names: readonly string[]): MarkovTransition[] {
  const { order, members } = chain
  const labels: (readonly string[])[] = []
  for (let s = 0; s < chain.stateCount; s++) {
    const tuple: string[] = []
    for (let m = 0; m < order; m++) {
      const ch = members[s * order + m] as number
      if (ch < 0) break
      tuple.push(names[ch] as string)
    }
    labels.push(tuple)
  }
  const entries: MarkovTransition[] = []
  for (let s = 0; s < chain.stateCount; s++) {
    const from = labels[s] as readonly string[]
    for (let e = chain.rowPtr[s] as number; e < (chain.rowPtr[s + 1] as number); e++) {
      entries.push({
        from,
        to: labels[chain.col[e] as number] as readonly string[],
        probability: chain.prob[e] as number,
        journeys: chain.count[e] as number,
      })
    }
    if ((chain.convCount[s] as number) > 0) {
      entries.push({
        from,
        to: 'conversion',
        probability: chain.convProb[s] as number,
        journeys: chain.convCount[s] as number,
      })
    }
    if ((chain.nullCount[s] as number) > 0) {
      entries.push({
        from,
        to: 'null',
        probability: chain.nullProb[s] as number,
        journeys: chain.nullCount[s] as number,
      })
    }
  }
  return entries
}
