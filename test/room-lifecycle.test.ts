import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../server/clock.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createCohort, createProgramme, signedInStaff } from './harness/factories.ts';
import { startWorkers } from '../worker/workers.ts';
import { reconcileSchedule } from '../server/jobs/reconcile.ts';

const clock = new ManualClock('2026-07-13T12:00:00Z');
let ctx: TestContext;
let workers: ReturnType<typeof startWorkers>;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  workers = startWorkers(ctx.deps);
});
afterAll(async () => {
  await workers.close();
  await ctx.close();
});
beforeEach(() => clock.set('2026-07-13T12:00:00Z'));

async function moveClockTo(instant: string) {
  clock.set(instant);
  await ctx.deps.queues.schedule.promoteJobs();
  await expect.poll(async () => Object.values(await ctx.deps.queues.schedule.getJobCounts('active', 'wait')).reduce((a, b) => a + b, 0)).toBe(0);
}

async function scheduledLecture() {
  const coordinator = await signedInStaff(ctx);
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
  // 09:00 Seoul on 14 July = 00:00 UTC, 90 minutes.
  const created = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, { kind: 'lecture', title: 'Seoul bus reform', localStart: '2026-07-14T09:00', durationMinutes: 90 });
  return { coordinator, session: created.body, room: `session-${created.body.id}` };
}

describe('a session’s LiveKit room', () => {
  it('opens 15 minutes before the start, not earlier, and closes 15 minutes after the end', async () => {
    const { session, room } = await scheduledLecture();
    await moveClockTo('2026-07-13T23:44:00Z');
    expect(await ctx.livekit.room(room)).toBeUndefined();
    await moveClockTo('2026-07-13T23:45:00Z');
    expect(await ctx.livekit.room(room)).toMatchObject({ emptyTimeout: 900, maxParticipants: 300 });
    const opened = await ctx.deps.db.selectFrom('live_rooms').selectAll().where('session_id', '=', session.id).executeTakeFirstOrThrow();
    expect(opened).toMatchObject({ room_name: room, opened_at: new Date('2026-07-13T23:45:00Z'), closed_at: null });
    await moveClockTo('2026-07-14T01:44:00Z');
    expect(await ctx.livekit.room(room)).toBeDefined();
    await moveClockTo('2026-07-14T01:45:00Z');
    expect(await ctx.livekit.room(room)).toBeUndefined();
    expect((await ctx.deps.db.selectFrom('live_rooms').select('closed_at').where('session_id', '=', session.id).executeTakeFirstOrThrow()).closed_at).toEqual(new Date('2026-07-14T01:45:00Z'));
  });

  it('a moved session’s room follows it; a cancelled session’s room is dropped', async () => {
    const { coordinator, session, room } = await scheduledLecture();
    await coordinator.patch(`/api/sessions/${session.id}`, { localStart: '2026-07-14T21:00' });
    await moveClockTo('2026-07-13T23:45:00Z'); // the old opening time
    expect(await ctx.livekit.room(room)).toBeUndefined();
    await moveClockTo('2026-07-14T11:45:00Z'); // 15 minutes before 21:00 Seoul
    expect(await ctx.livekit.room(room)).toBeDefined();
    // A day has passed on the test clock: the earlier sign-in has expired.
    const later = await signedInStaff(ctx);
    expect((await later.post(`/api/sessions/${session.id}/cancel`)).status).toBe(200);
    await moveClockTo('2026-07-14T11:46:00Z');
    expect(await ctx.livekit.room(room)).toBeUndefined();
  });

  it('after Redis lost its jobs, reconcile rebuilds them and the room still opens on time', async () => {
    const { room } = await scheduledLecture();
    await workers.close();
    await ctx.deps.queues.schedule.obliterate({ force: true });
    workers = startWorkers(ctx.deps);
    const restored = await reconcileSchedule({ db: ctx.deps.db, queues: ctx.deps.queues, now: clock.now(), config: ctx.config });
    expect(restored.roomJobsRestored).toBeGreaterThanOrEqual(2);
    await moveClockTo('2026-07-13T23:45:00Z');
    expect(await ctx.livekit.room(room)).toBeDefined();
  });
});
