/**
 * Transition counting for {@link buildMarkovChain}: the state sequences of the paths and
 * the counts behind the transition matrix, by the cheapest layout the sizes allow.
 */
import type { PreparedPaths } from './prepare.js'

/** Above this many order-1 states the transition counts go through the sparse path. */
export const DENSE_COUNT_LIMIT = 2048
/** Largest tuple code space indexed by a flat table (16 MB) rather than a Map. */
const DENSE_KEY_LIMIT = 1 << 22
/** Largest states × channels transition table (48 MB) before counts are bucketed instead. */
const DENSE_NEXT_LIMIT = 1 << 22

export interface Counts {
  readonly stateCount: number
  readonly members: Int32Array
  readonly rowPtr: Int32Array
  readonly col: Int32Array
  readonly count: Float64Array
  readonly convCount: Float64Array
  readonly nullCount: Float64Array
  readonly valueSum: Float64Array
}

/** Order 1 with few channels: states are `(start)` + channels, counted in a dense matrix. */
export function countOrderOneDense(data: PreparedPaths, ignoreNulls: boolean): Counts {
  const { offsets, touches, conversions, nulls, values } = data
  const S = data.channels.length + 1
  const dense = new Float64Array(S * S)
  const convCount = new Float64Array(S)
  const nullCount = new Float64Array(S)
  const valueSum = new Float64Array(S)
  for (let i = 0; i < data.size; i++) {
    const c = conversions[i] as number
    const u = ignoreNulls ? 0 : (nulls[i] as number)
    const w = c + u
    if (w === 0) continue
    const start = offsets[i] as number
    const end = offsets[i + 1] as number
    let from = 0
    let prev = -1
    for (let j = start; j < end; j++) {
      const ch = touches[j] as number
      if (ch === prev) continue
      prev = ch
      const to = ch + 1
      dense[from * S + to] = (dense[from * S + to] as number) + w
      from = to
    }
    convCount[from] = (convCount[from] as number) + c
    nullCount[from] = (nullCount[from] as number) + u
    valueSum[from] = (valueSum[from] as number) + (values[i] as number)
  }
  let nnz = 0
  for (let e = 0; e < S * S; e++) if ((dense[e] as number) > 0) nnz++
  const rowPtr = new Int32Array(S + 1)
  const col = new Int32Array(nnz)
  const count = new Float64Array(nnz)
  let at = 0
  for (let s = 0; s < S; s++) {
    for (let t = 0; t < S; t++) {
      const v = dense[s * S + t] as number
      if (v > 0) {
        col[at] = t
        count[at++] = v
      }
    }
    rowPtr[s + 1] = at
  }
  const members = new Int32Array(S)
  for (let s = 0; s < S; s++) members[s] = s - 1
  return { stateCount: S, members, rowPtr, col, count, convCount, nullCount, valueSum }
}

interface StateSequences {
  readonly stateCount: number
  readonly members: Int32Array
  /** State ids of each weighted path, written from `offsets[i]`, `kept[i]` of them. */
  readonly seq: Int32Array
  readonly kept: Int32Array
}

/** Pass 1: the state sequence of every weighted path (collapsed, last-k tuples). */
export function assignStates(data: PreparedPaths, order: number, ignoreNulls: boolean): StateSequences {
  const { offsets, touches, conversions, nulls } = data
  const n = data.channels.length
  const base = n + 1
  const keep = base ** (order - 1)
  const seq = new Int32Array(touches.length)
  const kept = new Int32Array(data.size)
  let stateCount = order === 1 ? n + 1 : 1
  let members = new Int32Array(order === 1 ? n + 1 : Math.max(64, n * 4) * order).fill(-1)
  if (order === 1) for (let ch = 0; ch < n; ch++) members[ch + 1] = ch
  // Tuple code → state id: a flat table while the code space is small (base^order codes:
  // 194,481 for 20 channels at order 4), else a Map.
  const table = order > 1 && base ** order <= DENSE_KEY_LIMIT ? new Int32Array(base ** order).fill(-1) : null
  const codes = new Map<number, number>()
  for (let i = 0; i < data.size; i++) {
    if ((conversions[i] as number) + (ignoreNulls ? 0 : (nulls[i] as number)) === 0) continue
    const start = offsets[i] as number
    const end = offsets[i + 1] as number
    let prev = -1
    let code = 0
    let len = 0
    let k = 0
    for (let j = start; j < end; j++) {
      const ch = touches[j] as number
      if (ch === prev) continue
      prev = ch
      if (order === 1) {
        seq[start + k++] = ch + 1
        continue
      }
      code = len < order ? code * base + ch + 1 : (code % keep) * base + ch + 1
      if (len < order) len++
      let id = table !== null ? (table[code] as number) : (codes.get(code) ?? -1)
      if (id < 0) {
        id = stateCount++
        if (table !== null) table[code] = id
        else codes.set(code, id)
        if ((id + 1) * order > members.length) {
          const grown = new Int32Array(members.length * 2).fill(-1)
          grown.set(members)
          members = grown
        }
        let digits = code
        for (let pos = len - 1; pos >= 0; pos--) {
          members[id * order + pos] = (digits % base) - 1
          digits = Math.floor(digits / base)
        }
      }
      seq[start + k++] = id
    }
    kept[i] = k
  }
  return { stateCount, members: members.slice(0, stateCount * order), seq, kept }
}

/**
 * Passes 2–3: absorbing counts, sweep statistics and the transition counts. The target of
 * a transition is fixed by its source and the channel it adds, so while states × channels
 * is small the counts go straight into a (state, channel) table; otherwise they are
 * bucketed by source state (counting sort) and merged.
 */
export function countSparse(data: PreparedPaths, states: StateSequences, order: number, ignoreNulls: boolean): Counts {
  const { offsets, conversions, nulls, values } = data
  const { seq, kept, members } = states
  const S = states.stateCount
  const n = data.channels.length
  const byNext = S * n <= DENSE_NEXT_LIMIT
  // Last channel of each state's tuple: the channel a transition into it adds.
  const added = new Int32Array(S)
  for (let s = 0; s < S; s++) {
    let m = order - 1
    while (m > 0 && (members[s * order + m] as number) < 0) m--
    added[s] = members[s * order + m] as number
  }
  const weight = new Float64Array(byNext ? S * n : 0)
  const target = new Int32Array(byNext ? S * n : 0)
  const rowStart = new Int32Array(S + 1)
  const convCount = new Float64Array(S)
  const nullCount = new Float64Array(S)
  const valueSum = new Float64Array(S)
  for (let i = 0; i < data.size; i++) {
    const k = kept[i] as number
    if (k === 0) continue
    const start = offsets[i] as number
    const w = (conversions[i] as number) + (ignoreNulls ? 0 : (nulls[i] as number))
    let from = 0
    for (let q = 0; q < k; q++) {
      const st = seq[start + q] as number
      if (byNext) {
        const at = from * n + (added[st] as number)
        weight[at] = (weight[at] as number) + w
        target[at] = st
      } else {
        rowStart[from + 1] = (rowStart[from + 1] as number) + 1
      }
      from = st
    }
    convCount[from] = (convCount[from] as number) + (conversions[i] as number)
    if (!ignoreNulls) nullCount[from] = (nullCount[from] as number) + (nulls[i] as number)
    valueSum[from] = (valueSum[from] as number) + (values[i] as number)
  }
  const totals = { stateCount: S, members, convCount, nullCount, valueSum }
  if (byNext) return { ...totals, ...rowsFromTable(S, n, weight, target) }
  for (let s = 0; s < S; s++) rowStart[s + 1] = (rowStart[s + 1] as number) + (rowStart[s] as number)
  const { rawCol, rawW } = scatter(data, states, rowStart, ignoreNulls)
  return { ...totals, ...mergeRows(S, rowStart, rawCol, rawW) }
}

/** CSR rows from the (state, added channel) table. */
function rowsFromTable(S: number, n: number, weight: Float64Array, target: Int32Array) {
  let nnz = 0
  for (let e = 0; e < weight.length; e++) if ((weight[e] as number) > 0) nnz++
  const rowPtr = new Int32Array(S + 1)
  const col = new Int32Array(nnz)
  const count = new Float64Array(nnz)
  let at = 0
  for (let s = 0; s < S; s++) {
    for (let e = s * n; e < (s + 1) * n; e++) {
      if ((weight[e] as number) > 0) {
        col[at] = target[e] as number
        count[at++] = weight[e] as number
      }
    }
    rowPtr[s + 1] = at
  }
  return { rowPtr, col, count }
}

function scatter(data: PreparedPaths, states: StateSequences, rowStart: Int32Array, ignoreNulls: boolean) {
  const { offsets, conversions, nulls } = data
  const { seq, kept } = states
  const raw = rowStart[states.stateCount] as number
  const rawCol = new Int32Array(raw)
  const rawW = new Float64Array(raw)
  const cursor = rowStart.slice(0, states.stateCount)
  for (let i = 0; i < data.size; i++) {
    const k = kept[i] as number
    if (k === 0) continue
    const start = offsets[i] as number
    const w = (conversions[i] as number) + (ignoreNulls ? 0 : (nulls[i] as number))
    let from = 0
    for (let q = 0; q < k; q++) {
      const to = seq[start + q] as number
      const at = cursor[from] as number
      cursor[from] = at + 1
      rawCol[at] = to
      rawW[at] = w
      from = to
    }
  }
  return { rawCol, rawW }
}

/** Merges duplicate (from, to) pairs row by row with a slot table. */
function mergeRows(S: number, rowStart: Int32Array, rawCol: Int32Array, rawW: Float64Array) {
  const rowPtr = new Int32Array(S + 1)
  const col = new Int32Array(rawCol.length)
  const count = new Float64Array(rawCol.length)
  const slot = new Int32Array(S).fill(-1)
  let nnz = 0
  for (let s = 0; s < S; s++) {
    const rowBegin = nnz
    for (let e = rowStart[s] as number; e < (rowStart[s + 1] as number); e++) {
      const to = rawCol[e] as number
      let at = slot[to] as number
      if (at < 0) {
        at = nnz++
        slot[to] = at
        col[at] = to
      }
      count[at] = (count[at] as number) + (rawW[e] as number)
    }
    for (let e = rowBegin; e < nnz; e++) slot[col[e] as number] = -1
    rowPtr[s + 1] = nnz
  }
  return { rowPtr, col: col.slice(0, nnz), count: count.slice(0, nnz) }
}

/**
 * Renumbers the states in tuple order, first channel most significant (`(start)` stays 0).
 * A state's successors (its last k − 1 channels plus one more) then sit side by side in
 * memory, so the solver reads them as one contiguous run rather than scattered blocks.
 */
export function relabelByTuple(counts: Counts, order: number, base: number): Counts {
  const { stateCount: S, members, rowPtr, col, count } = counts
  const code = new Float64Array(S)
  for (let s = 0; s < S; s++) {
    let v = 0
    for (let m = 0; m < order; m++) {
      const ch = members[s * order + m] as number
      if (ch < 0) break
      v = v * base + ch + 1
    }
    code[s] = v
  }
  const byCode = Array.from({ length: S }, (_, s) => s).sort((a, b) => (code[a] as number) - (code[b] as number))
  const rank = new Int32Array(S)
  byCode.forEach((old, s) => {
    rank[old] = s
  })
  const permute = (a: Float64Array) => Float64Array.from(byCode, (old) => a[old] as number)
  const newMembers = new Int32Array(members.length)
  const newRowPtr = new Int32Array(S + 1)
  const newCol = new Int32Array(col.length)
  const newCount = new Float64Array(count.length)
  let at = 0
  byCode.forEach((old, s) => {
    newMembers.set(members.subarray(old * order, (old + 1) * order), s * order)
    for (let e = rowPtr[old] as number; e < (rowPtr[old + 1] as number); e++) {
      newCol[at] = rank[col[e] as number] as number
      newCount[at++] = count[e] as number
    }
    newRowPtr[s + 1] = at
  })
  return {
    stateCount: S,
    members: newMembers,
    rowPtr: newRowPtr,
    col: newCol,
    count: newCount,
    convCount: permute(counts.convCount),
    nullCount: permute(counts.nullCount),
    valueSum: permute(counts.valueSum),
  }
}
