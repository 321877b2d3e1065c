import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueEvents } from 'bullmq';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createPerson } from './harness/factories.ts';
import { enqueue } from '../server/jobs/registry.ts';
import { startWorkers } from '../worker/workers.ts';
import { hashToken } from '../server/domain/auth/tokens.ts';

const DAY = 86_400_000;

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

async function seedSignInState(personId: string) {
  const now = ctx.deps.clock.now().getTime();
  // Expired ten days ago, expired yesterday (inside the 7-day grace), and still valid tomorrow.
  const ages = { old: now - 10 * DAY, recent: now - DAY, live: now + DAY };
  const rows = (kind: string) => Object.entries(ages).map(([age, expiresAt]) => ({ token_hash: hashToken(`${kind}-${age}-${personId}`), person_id: personId, created_at: new Date(expiresAt - DAY), expires_at: new Date(expiresAt) }));
  await ctx.deps.db.insertInto('sign_in_tokens').values(rows('link')).execute();
  await ctx.deps.db
    .insertInto('auth_sessions')
    .values(rows('session').map((row) => ({ ...row, csrf_token: row.token_hash.slice(0, 16), method: 'magic_link' as const })))
    .execute();
}

async function remaining(table: 'sign_in_tokens' | 'auth_sessions', personId: string) {
  const rows = await ctx.deps.db.selectFrom(table).select('token_hash').where('person_id', '=', personId).execute();
  return rows.map((row) => row.token_hash).sort();
}

describe('the purge-expired-sign-ins job', () => {
  it('deletes sign-in links and sessions expired longer ago than the grace period, and keeps the rest', async () => {
    const person = await createPerson(ctx.deps.db);
    await seedSignInState(person.id);

    const job = await enqueue(ctx.deps.queues, 'purge-expired-sign-ins', { graceDays: 7 });
    expect(await job.waitUntilFinished(events, 20_000)).toEqual({ tokens: 1, sessions: 1 });

    const kept = (kind: string) => [hashToken(`${kind}-live-${person.id}`), hashToken(`${kind}-recent-${person.id}`)].sort();
    expect(await remaining('sign_in_tokens', person.id)).toEqual(kept('link'));
    expect(await remaining('auth_sessions', person.id)).toEqual(kept('session'));
  });

  it('refuses a bad payload at enqueue, naming the field, and adds nothing to the queue', async () => {
    const before = await ctx.deps.queues.maintenance.count();
    await expect(enqueue(ctx.deps.queues, 'purge-expired-sign-ins', { graceDays: -1 })).rejects.toThrow(/graceDays/);
    await expect(enqueue(ctx.deps.queues, 'purge-expired-sign-ins', { graceDays: 7, email: 'someone@maputo.example' } as never)).rejects.toThrow(/email/);
    expect(await ctx.deps.queues.maintenance.count()).toBe(before);
  });

  it('fails a bad payload slipped into Redis at once, without retrying, keeps it in the failed set, and touches no row', async () => {
    const person = await createPerson(ctx.deps.db);
    await seedSignInState(person.id);
    const tokensBefore = await countRows(ctx.deps.db, 'sign_in_tokens');

    const raw = await ctx.deps.queues.maintenance.add('purge-expired-sign-ins', { graceDays: 'soon' }, { attempts: 5, backoff: 1 });
    await expect(raw.waitUntilFinished(events, 20_000)).rejects.toThrow(/Invalid payload for purge-expired-sign-ins.*graceDays/s);

    const failed = await ctx.deps.queues.maintenance.getJob(raw.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(await failed?.getState()).toBe('failed');
    expect((await ctx.deps.queues.maintenance.getFailed()).map((job) => job.id)).toContain(raw.id);
    expect(await countRows(ctx.deps.db, 'sign_in_tokens')).toBe(tokensBefore);
  });
});
