import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';
import { toProblem } from './problem.ts';

/** Maps any thrown error to RFC 9457; stack traces, SQL and internal messages stay in the log. */
export function handleError(error: Error, c: Context<AppEnv>) {
  const requestId = c.get('requestId') ?? 'unknown';
  const appError = toAppError(error);
  if (appError.code === 'internal') {
    c.get('log')?.error({ err: error }, 'unexpected error');
  }
  const { status, body } = toProblem(appError, requestId);
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  if (typeof body.retryAfterSeconds === 'number') headers['Retry-After'] = String(body.retryAfterSeconds);
  return c.body(JSON.stringify(body), status, headers);
}

function toAppError(error: Error): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new AppError('payload_too_large', 'The request body is too large');
    if (error.status === 400) return new AppError('invalid_request', error.message || 'The request is malformed');
    if (error.status === 401) return new AppError('unauthenticated', 'Sign in first');
  }
  // Constraint violations that a race let through the service's own checks.
  const pgCode = (error as { code?: unknown }).code;
  if (pgCode === '23505') return new AppError('conflict', 'This already exists');
  if (pgCode === '23514' || pgCode === '23503' || pgCode === '22007' || pgCode === '22008') {
    return new AppError('rule_violated', 'The change breaks a rule of the stored data');
  }
  return new AppError('internal', 'Something went wrong on our side. Quote the request id when reporting it.');
}
