import type * as z from 'zod/mini'
import type { ValidationIssue } from '../../errors.js'
import { ValidationError } from '../../errors.js'

/** Converts zod issues to crmkit's issue shape, prefixing each path with `prefix`. */
export function toIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly (string | number)[] = [],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))],
    message: issue.message,
    code: issue.code,
  }))
}

/** Parses `input` with `schema` or throws a {@link ValidationError} carrying every issue. */
export function parseOrThrow<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  what: string,
  prefix: readonly (string | number)[] = [],
): T {
  const result = schema.safeParse(input)
  if (!result.success) {
    throw new ValidationError(`invalid ${what}`, toIssues(result.error.issues, prefix))
  }
  return result.data
}
