/**
 * Results of `t.insights`.
 */

/** One group of a cube: its dimension values under their field names, then its measures. */
export type CubeRow = Record<string, string | number | null>

/** The result of `t.insights.cube`. */
export interface CubeResult {
  /** Groups ordered by their keys (ascending, NULLs last); one row when there are no dimensions. */
  readonly rows: CubeRow[]
  /** Field names of the dimensions, in the order asked for. */
  readonly dimensions: string[]
  /** Output names of the measures, in the order asked for. */
  readonly measures: string[]
}
