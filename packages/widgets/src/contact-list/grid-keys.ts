/**
 * Keyboard model of the APG data grid: where the focus goes for a key. Rows are -1 (the header
 * row) to `rowCount - 1`; columns 0 to `colCount - 1`. Pure, so the rules are tested on their own.
 */

/** A cell position. */
export interface GridPosition {
  readonly row: number
  readonly col: number
}

/** Grid size and page length (rows visible at once). */
export interface GridShape {
  readonly rowCount: number
  readonly colCount: number
  readonly pageRows: number
  readonly rtl: boolean
}

/** The position after `key` (with Ctrl/Meta), or undefined when the key is not a grid move. */
export function moveFocus(at: GridPosition, key: string, ctrl: boolean, shape: GridShape): GridPosition | undefined {
  const lastRow = shape.rowCount - 1
  const lastCol = shape.colCount - 1
  const clampRow = (row: number) => Math.max(-1, Math.min(lastRow, row))
  const forward = shape.rtl ? 'ArrowLeft' : 'ArrowRight'
  const back = shape.rtl ? 'ArrowRight' : 'ArrowLeft'
  switch (key) {
    case 'ArrowDown':
      return { row: clampRow(at.row + 1), col: at.col }
    case 'ArrowUp':
      return { row: clampRow(at.row - 1), col: at.col }
    case forward:
      return { row: at.row, col: Math.min(lastCol, at.col + 1) }
    case back:
      return { row: at.row, col: Math.max(0, at.col - 1) }
    case 'Home':
      return ctrl ? { row: -1, col: 0 } : { row: at.row, col: 0 }
    case 'End':
      return ctrl ? { row: lastRow, col: lastCol } : { row: at.row, col: lastCol }
    case 'PageDown':
      return { row: clampRow(Math.max(at.row, 0) + shape.pageRows), col: at.col }
    case 'PageUp':
      // From the first data rows, PageUp stops at the first data row, not the header.
      return { row: at.row <= 0 ? -1 : Math.max(0, at.row - shape.pageRows), col: at.col }
    default:
      return undefined
  }
}
