/**
 * Public field names that are not the column's own name (a deal's `amount` is the
 * `amountValue` column); the column's own name is then hidden. Kept apart from `fields.ts`
 * so that the typed field names (`field-names.ts`) can derive from it without an import cycle.
 */
import type { TableName } from '../storage/tables.js'

/** Aliases per table: public name -> column. */
export const fieldAliases = {
  deals: {
    amount: 'amountValue',
    'amount.value': 'amountValue',
    currency: 'amountCurrency',
    'amount.currency': 'amountCurrency',
  },
} as const satisfies Partial<Record<TableName, Readonly<Record<string, string>>>>
