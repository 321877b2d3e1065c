import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { authenticate } from '../domain/auth/auth.service.ts';
import type { AppEnv, SignedInActor } from './env.ts';

export const SESSION_COOKIE = 'lc_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A request id on every log line and response; a sane incoming X-Request-Id is kept for tracing. */
export function requestContext(deps: Pick<Deps, 'logger'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const log = deps.logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('actor', undefined);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  };
}

/** Reads the session cookie; an unknown, expired or revoked cookie simply means "signed out". */
export function sessionCookie(deps: Pick<Deps, 'db' | 'clock'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token && token.length <= 128) {
      c.set('actor', await authenticate(deps.db, token, deps.clock.now()));
    }
    await next();
  };
}

/**
 * Cookie-authenticated writes need the session's CSRF token in X-CSRF-Token, and any browser
 * Origin must be our own: a page elsewhere can make the browser send our cookie, not read the token.
 */
export function csrfProtection(deps: Pick<Deps, 'config'>): MiddlewareHandler<AppEnv> {
  const ownOrigin = new URL(deps.config.PUBLIC_BASE_URL).origin;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin && origin !== ownOrigin && origin !== new URL(c.req.url).origin) {
      throw new AppError('csrf_failed', `Requests from ${origin} are not accepted`);
    }
    const actor = c.get('actor');
    if (actor) {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!sameSecret(sent, actor.csrfToken)) {
        throw new AppError('csrf_failed', 'The X-CSRF-Token header is missing or does not match this sign-in; reload the page and try again');
      }
    }
    return next();
  };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The signed-in actor, or a 401. */
export function actorOf(c: Context<AppEnv>): SignedInActor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated', 'Sign in first');
  return actor;
}

export function clientAddress(c: Context<AppEnv>, trustProxy: boolean, remote: string | undefined): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return remote ?? 'unknown';
}

/** The caller's address: the socket's peer, or the first X-Forwarded-For hop behind our own proxy. */
export function requestAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // app.request() in tests has no socket
  }
  return clientAddress(c, trustProxy, remote);
}
