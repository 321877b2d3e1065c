import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createPerson } from './harness/factories.ts';
import { enqueue } from '../server/jobs/registry.ts';
import { startWorkers } from '../worker/workers.ts';
import { hashToken } from '../server/domain/auth/tokens.ts';

let ctx: TestContext;
let workers: ReturnType<typeof startWorkers>;
let events: QueueEvents;

beforeAll(async () => {
  ctx = await createTestContext();
  workers = startWorkers(ctx.deps);
  events = new QueueEvents('maintenance', { connection: ctx.deps.redis.duplicate({ maxRetriesPerRequest: null }), prefix: ctx.config.REDIS_PREFIX });
  await events.waitUntilReady();
});
afterAll(async () => {
  await events.close();
  await workers.close();
  await ctx.close();
});

describe('the maintenance job', () => {
  it('purges sign-in links and sessions that expired more than the grace period ago, and keeps the rest', async () => {
    const person = await createPerson(ctx.deps.db);
    const now = ctx.deps.clock.now().getTime();
    const day = 86_400_000;
    const link = (tag: string, expiresAt: number) => ({ token_hash: hashToken(tag), person_id: person.id, created_at: new Date(expiresAt - day), expires_at: new Date(expiresAt) });
    await ctx.deps.db.insertInto('sign_in_tokens').values([link('old-link', now - 10 * day), link('live-link', now + day)]).execute();
    await ctx.deps.db
      .insertInto('auth_sessions')
      .values([
        { ...link('old-session', now - 10 * day), csrf_token: 'x', method: 'magic_link' },
        { ...link('live-session', now + day), csrf_token: 'y', method: 'magic_link' },
      ])
      .execute();
    const job = await enqueue(ctx.deps.queues, 'purge-expired-sign-ins', { graceDays: 7 });
    expect(await job.waitUntilFinished(events, 20_000)).toEqual({ tokens: 1, sessions: 1 });
    const links = await ctx.deps.db.selectFrom('sign_in_tokens').select('token_hash').where('person_id', '=', person.id).execute();
    expect(links.map((l) => l.token_hash)).toEqual([hashToken('live-link')]);
    const sessions = await ctx.deps.db.selectFrom('auth_sessions').select('token_hash').where('person_id', '=', person.id).execute();
    expect(sessions.map((s) => s.token_hash)).toEqual([hashToken('live-session')]);
  });

  it('a bad payload is refused at enqueue, and one slipped into Redis fails at once without retrying and is kept', async () => {
    await expect(enqueue(ctx.deps.queues, 'purge-expired-sign-ins', { graceDays: -1 })).rejects.toThrow();
    const raw = await ctx.deps.queues.maintenance.add('purge-expired-sign-ins', { graceDays: 'soon' }, { attempts: 5 });
    await expect(raw.waitUntilFinished(events, 20_000)).rejects.toThrow(/Invalid payload/);
    const failed = await ctx.deps.queues.maintenance.getJob(raw.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(await failed?.getState()).toBe('failed');
  });
});
