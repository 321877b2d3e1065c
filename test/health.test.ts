import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestContext, type TestContext } from './harness/context.ts';
import { databaseUrl, uniqueName, withAdminClient } from './harness/databases.ts';
import { createApp } from '../server/app.ts';
import { createDb } from '../server/db/database.ts';
import { createRedis, warnUnlessNoEviction } from '../server/redis.ts';

let ctx: TestContext;
const emptyDatabase = uniqueName('lc_test');
beforeAll(async () => {
  ctx = await createTestContext();
  // A database without tables: every query the API makes fails with an SQL error.
  await withAdminClient((client) => client.query(`CREATE DATABASE ${emptyDatabase}`));
});
afterAll(async () => {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${emptyDatabase} WITH (FORCE)`));
  await ctx.close();
});

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

  it('/readyz answers 503 and names Redis when Redis is unreachable', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1');
    try {
      const response = await createApp({ ...ctx.deps, redis: deadRedis }).request('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable', redis: 'unreachable', postgres: 'ok' });
    } finally {
      deadRedis.disconnect();
    }
  });

  it('/readyz answers 503 and names PostgreSQL when PostgreSQL is unreachable', async () => {
    const deadDb = createDb('postgres://127.0.0.1:1/livecohort', 1);
    try {
      const response = await createApp({ ...ctx.deps, db: deadDb }).request('/readyz');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable', postgres: 'unreachable', redis: 'ok' });
    } finally {
      await deadDb.destroy();
    }
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

  it('an unexpected error is a generic 500 with the request id; the SQL error goes to the log, not to the client', async () => {
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
    const tablelessDb = createDb(databaseUrl(emptyDatabase), 1);
    try {
      const app = createApp({ ...ctx.deps, db: tablelessDb, logger });
      const response = await app.request('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'trace-12345678' },
        body: JSON.stringify({ email: 'coordinator@seoul.example', password: 'a long enough password' }),
      });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        type: '/problems/internal',
        title: 'Internal error',
        status: 500,
        detail: 'Something went wrong on our side. Quote the request id when reporting it.',
        code: 'internal',
        requestId: 'trace-12345678',
      });
      expect(text).not.toMatch(/accounts|relation|select|\bat\s/i);
      expect(logged.join('')).toMatch(/"requestId":"trace-12345678".*relation \\"accounts\\" does not exist/);
    } finally {
      await tablelessDb.destroy();
    }
  });

  it('a body over the limit is a 413 problem', async () => {
    const response = await ctx.client().request('POST', '/api/auth/sign-in', { body: 'x'.repeat(21 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });
});
