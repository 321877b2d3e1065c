import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createCohort, createProgramme, signedInStaff } from './harness/factories.ts';
import { spawnWorker, stopProcess } from './harness/worker-process.ts';
import { systemClock } from '../server/clock.ts';

let ctx: TestContext;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The worker processes run on the real clock, so this test does too.
  ctx = await createTestContext({ clock: systemClock });
});
afterAll(async () => {
  await Promise.all(children.map((child) => stopProcess(child, 'SIGKILL')));
  await ctx.close();
});

describe('a worker killed while it opens a room', () => {
  it('creates no second room after the restart, and records the room once', async () => {
    const coordinator = await signedInStaff(ctx);
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id, { firstDay: day(-1), lastDay: day(2), hostTimeZone: 'UTC' });
    // Starts in ten minutes: inside the 15-minute lead, so its open-room job is due at once.
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 10 * 60_000);
    const created = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, { kind: 'lecture', title: 'Bus reform', localStart: start.toISOString().slice(0, 16), timeZone: 'UTC', durationMinutes: 60 });
    expect(created.status).toBe(201);
    const room = `session-${created.body.id}`;

    const env = {
      DATABASE_URL: ctx.config.DATABASE_URL,
      REDIS_URL: ctx.config.REDIS_URL,
      REDIS_PREFIX: ctx.config.REDIS_PREFIX,
      LIVEKIT_URL: ctx.livekit.url,
      JOB_LOCK_DURATION_MS: '1000',
    };
    // LiveKit creates the room but answers slowly: the worker is killed while it waits.
    ctx.livekit.answerDelays['CreateRoom'] = 30_000;
    const first = await spawnWorker(env);
    children.push(first);
    await expect.poll(() => ctx.livekit.calls.filter((c) => c.method === 'CreateRoom' && c.body['name'] === room).length, { timeout: 20_000 }).toBe(1);
    await stopProcess(first, 'SIGKILL');
    expect(await ctx.deps.db.selectFrom('live_rooms').select('session_id').where('session_id', '=', created.body.id).execute()).toEqual([]);

    ctx.livekit.answerDelays['CreateRoom'] = 0;
    children.push(await spawnWorker(env));
    await expect
      .poll(() => ctx.deps.db.selectFrom('live_rooms').select(['room_name', 'opened_at']).where('session_id', '=', created.body.id).execute(), { timeout: 30_000, interval: 200 })
      .toEqual([{ room_name: room, opened_at: expect.any(Date) }]);
    // The job ran again (a second CreateRoom), and LiveKit still has one room, started once.
    expect(ctx.livekit.calls.filter((c) => c.method === 'CreateRoom' && c.body['name'] === room).length).toBe(2);
    expect(ctx.livekit.webhooks.emitted.filter((e) => e.event === 'room_started' && e.room?.name === room)).toHaveLength(1);
    expect([...ctx.livekit.rooms.keys()].filter((name) => name === room)).toHaveLength(1);
  }, 90_000);
});
