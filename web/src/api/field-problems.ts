import { ApiError } from './client.ts';

/** The `errors` of a problem answer by field path ("minimumSessionsAttended", "requiredSessionIds.2"); empty for any other failure. */
export function fieldProblems(error: unknown): Map<string, string> {
  const byField = new Map<string, string>();
  if (!(error instanceof ApiError)) return byField;
  for (const problem of error.problem.errors ?? []) if (!byField.has(problem.field)) byField.set(problem.field, problem.message);
  return byField;
}

/** The first problem of a field or of any item in it ("speakers" also answers for "speakers.2"). */
export function problemOf(problems: Map<string, string>, field: string): string | undefined {
  if (problems.has(field)) return problems.get(field);
  for (const [path, message] of problems) if (path.startsWith(`${field}.`)) return message;
  return undefined;
}
