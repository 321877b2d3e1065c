/** The closed set of error codes every transport maps from (HTTP, socket acknowledgements, jobs). */
export const errorCodes = [
  'invalid_request',
  'rule_violated',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface FieldProblem {
  /** Where the problem is: a JSON path (`firstDay`, `sessions.2.zone`) or a CSV row and column. */
  field: string;
  message: string;
  row?: number;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: readonly FieldProblem[];
  /** Extra, client-safe facts (for example `retryAfterSeconds` or a proposed valid time). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { fields?: FieldProblem[]; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
  }
}

export const invalid = (message: string, fields: FieldProblem[] = [], details?: Record<string, unknown>) =>
  new AppError('invalid_request', message, { fields, ...(details ? { details } : {}) });
export const ruleViolated = (message: string, fields: FieldProblem[] = [], details?: Record<string, unknown>) =>
  new AppError('rule_violated', message, { fields, ...(details ? { details } : {}) });
/** Unknown ids and ids the caller may not see answer the same, so existence does not leak. */
export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', message, details ? { details } : {});
export const forbidden = (message = 'You may not do this') => new AppError('forbidden', message);

/**
 * Consumes one point of a rate limiter, or refuses with `rate_limited` and Retry-After. `describe` says,
 * in a sentence, what was refused and when to try again (whole seconds, at least 1).
 */
export async function consumeOrRefuse(limiter: { consume(key: string): Promise<unknown> }, key: string, describe: (retryAfterSeconds: number) => string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (refusal instanceof Error) throw refusal; // Redis itself failed: not a refusal
    const retryAfterSeconds = Math.max(1, Math.ceil(((refusal as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000));
    throw new AppError('rate_limited', describe(retryAfterSeconds), { details: { retryAfterSeconds } });
  }
}
