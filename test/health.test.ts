import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createApp } from '../server/app.ts';
import { pino } from 'pino';
import { createRedis, warnUnlessNoEviction } from '../server/redis.ts';
import { handleError } from '../server/http/errors.handler.ts';
import { requestContext } from '../server/http/middleware.ts';
import type { AppEnv } from '../server/http/env.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the runtime', () => {
  it('is the Node 24 pinned in the repository, whatever the system Node is', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(process.execPath).toContain('node_modules');
  });
});

describe('health and readiness', () => {
  it('/healthz says the process is up; /readyz checks PostgreSQL and Redis and reports the tzdb', async () => {
    expect((await ctx.client().get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await ctx.client().get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', postgres: 'ok', redis: 'ok', tzdb: process.versions.tz, node: process.versions.node });
  });

  it('/readyz answers 503 and names Redis when Redis is gone', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1');
    const app = createApp({ ...ctx.deps, redis: deadRedis });
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', redis: 'unreachable', postgres: 'ok' });
    deadRedis.disconnect();
  });
});

describe('Redis eviction policy', () => {
  it('a warning is logged at start-up when Redis may evict queued jobs', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const original = ((await ctx.deps.redis.config('GET', 'maxmemory-policy')) as string[])[1]!;
    try {
      // Without a maxmemory limit nothing is evicted meanwhile; only the policy name changes.
      await ctx.deps.redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      expect(await warnUnlessNoEviction(ctx.deps.redis, logger)).toBe('allkeys-lru');
    } finally {
      await ctx.deps.redis.config('SET', 'maxmemory-policy', original);
    }
    expect(lines.join('')).toContain('Redis maxmemory-policy is \\"allkeys-lru\\", not \\"noeviction\\"');
    lines.length = 0;
    await warnUnlessNoEviction(ctx.deps.redis, logger);
    expect(lines).toEqual([]);
  });
});

describe('errors', () => {
  it('an unknown API route is a 404 problem with a request id', async () => {
    const response = await ctx.client().get('/api/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404, code: 'not_found', requestId: expect.any(String) });
    expect(response.headers.get('x-request-id')).toBe(response.body.requestId);
  });

  it('an unexpected error is a generic 500 carrying the request id, with no stack or SQL', async () => {
    const app = new Hono<AppEnv>();
    app.use('*', requestContext(ctx.deps));
    app.onError(handleError);
    app.get('/boom', async () => {
      await ctx.deps.db.selectFrom('no_such_table' as 'people').selectAll().execute();
      return new Response('unreachable');
    });
    const response = await app.request('/boom', { headers: { 'x-request-id': 'trace-12345678' } });
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toEqual({
      type: '/problems/internal',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side. Quote the request id when reporting it.',
      code: 'internal',
      requestId: 'trace-12345678',
    });
    expect(JSON.stringify(body)).not.toMatch(/no_such_table|relation|at /);
  });

  it('a body over the limit is a 413 problem', async () => {
    const response = await ctx.client().request('POST', '/api/auth/sign-in', { body: 'x'.repeat(21 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });
});

describe('the API document', () => {
  it('is OpenAPI 3.1 generated from the schemas and lists every resource', async () => {
    const response = await ctx.client().get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const paths = Object.keys(response.body.paths);
    for (const path of ['/auth/sign-in', '/programmes', '/cohorts/{id}', '/cohorts/{id}/sessions', '/sessions/{id}', '/people', '/cohorts/{id}/enrolments', '/cohorts/{id}/roster', '/me/sessions', '/cohorts/{id}/invitations', '/cohorts/{id}/deliveries']) {
      expect(paths, path).toContain(path);
    }
    expect(response.body.components.schemas.Problem).toBeDefined();
    expect(response.body.paths['/cohorts'].post.requestBody.content['application/json'].schema).toBeDefined();
  });

  it('has an interactive reference at /api/docs', async () => {
    const response = await ctx.client().get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.text).toContain('/api/openapi.json');
  });
});
