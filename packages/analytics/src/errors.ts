import { ValidationError } from '@crmkit/core'

/**
 * The design matrix has linearly dependent columns, so some coefficients are not identifiable.
 * Thrown by {@link logisticRegression} and {@link linearRegression} unless `collinear: 'drop'`.
 * It is a `ValidationError` from `@crmkit/core` (code `VALIDATION`): the input, not the library, is at fault.
 */
export class CollinearityError extends ValidationError {
  /** Indices (in the caller's column numbering, without the intercept) of the aliased columns. */
  readonly columns: readonly number[]
  constructor(columns: readonly number[]) {
    super(
      `columns ${columns.join(', ')} are linear combinations of the other columns (rank-deficient design); remove them or pass collinear: 'drop'`,
      columns.map((c) => ({ path: ['X', c], message: 'column is collinear with other columns', code: 'collinear' })),
    )
    this.columns = columns
  }
}

/**
 * The classes are (quasi-)completely separated: some fitted probabilities are numerically 0 or 1
 * and the coefficients diverge, so estimates and standard errors are meaningless.
 * Thrown by {@link logisticRegression} only with `separation: 'error'`; by default the fit returns
 * a `separation` warning instead (what R's glm does).
 */
export class SeparationError extends ValidationError {
  /** Number of observations whose fitted probability is within 10 * 2^-52 of 0 or 1. */
  readonly extremeObservations: number
  constructor(extremeObservations: number) {
    super(
      `the classes are (quasi-)separated: ${extremeObservations} fitted probabilities are numerically 0 or 1 and the coefficients diverge`,
      [{ path: ['y'], message: 'outcome is perfectly predicted by the predictors', code: 'separation' }],
    )
    this.extremeObservations = extremeObservations
  }
}
