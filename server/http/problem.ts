import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode, type FieldProblem } from '../errors.ts';

export function statusOf(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'invalid_request':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
    case 'csrf_failed':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'rule_violated':
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

const titles: Record<ErrorCode, string> = {
  invalid_request: 'The request is not valid',
  rule_violated: 'The request breaks a rule of the programme',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  csrf_failed: 'Missing or wrong CSRF token',
  not_found: 'Not found',
  conflict: 'Conflict with the current state',
  payload_too_large: 'Request too large',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldProblem[];
  requestId: string;
  [extra: string]: unknown;
}

/** RFC 9457 problem details; only AppError messages (written for users) ever reach the body. */
export function toProblem(error: AppError, requestId: string): { status: ContentfulStatusCode; body: ProblemBody } {
  const status = statusOf(error.code);
  const body: ProblemBody = {
    ...error.details,
    type: `/problems/${error.code.replaceAll('_', '-')}`,
    title: titles[error.code],
    status,
    detail: error.message,
    code: error.code,
    requestId,
  };
  if (error.fields.length) body.errors = [...error.fields];
  return { status, body };
}

export function zodIssuesToFields(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): FieldProblem[] {
  return issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}
