import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../server/clock.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { startSmtpSink } from './harness/smtp-sink.ts';
import { createInvitableCohort } from './harness/notifications.factories.ts';
import { signedInPerson, signedInStaff } from './harness/factories.ts';
import { startWorkers } from '../worker/workers.ts';
import { scheduleReminders } from '../server/jobs/delivery.jobs.ts';
import { reconcileSchedule } from '../server/jobs/reconcile.ts';

// The session of every test: 09:00 Tuesday 14 July 2026 in Seoul = 00:00 UTC.
const START = new Date('2026-07-14T00:00:00Z');
const clock = new ManualClock('2026-07-10T00:00:00Z');
let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: ReturnType<typeof startWorkers>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext({ clock, env: { SMTP_URL: smtp.url } });
  workers = startWorkers(ctx.deps);
});
afterAll(async () => {
  await workers.close();
  await ctx.close();
  await smtp.close();
});
beforeEach(() => clock.set('2026-07-10T00:00:00Z'));

const remindersTo = (email: string) => smtp.to(email).filter((m) => /Reminder|Recordatorio|Rappel/.test(m.subject));

/** Moves our clock, then lets Redis fire every delayed job now: the processor decides what is due. */
async function moveClockTo(instant: string) {
  clock.set(instant);
  await ctx.deps.queues.schedule.promoteJobs();
}

async function settled() {
  await expect.poll(async () => {
    const counts = await ctx.deps.queues.schedule.getJobCounts('active', 'wait');
    const sending = await ctx.deps.queues.notifications.getJobCounts('active', 'wait', 'delayed');
    return Object.values(counts).concat(Object.values(sending)).reduce((sum, n) => sum + (n ?? 0), 0);
  }).toBe(0);
}

async function cohortWithReminders() {
  const cohort = await createInvitableCohort(ctx);
  const session = cohort.sessions[0]!;
  await scheduleReminders(ctx.deps.queues, [{ id: session.id, startsAt: session.starts_at, sequence: session.sequence, status: session.status }], [1440, 15], clock.now());
  return { ...cohort, session };
}

describe('reminders', () => {
  it('arrive once each, at their instants, never early', async () => {
    const { people } = await cohortWithReminders();
    await moveClockTo('2026-07-12T23:59:00Z'); // one minute before the 24-hour reminder
    await settled();
    expect(remindersTo(people.mexico.email)).toHaveLength(0);

    await moveClockTo('2026-07-13T00:00:00Z');
    await settled();
    const first = remindersTo(people.mexico.email);
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe('Recordatorio: Seoul bus reform empieza dentro de 24 horas');
    expect(first[0]!.text).toContain('lunes, 13 de julio de 2026, 18:00 GMT-6');
    expect(remindersTo(people.cairo.email)).toHaveLength(1);

    await moveClockTo('2026-07-13T23:44:00Z');
    await settled();
    expect(remindersTo(people.mexico.email)).toHaveLength(1);
    await moveClockTo('2026-07-13T23:45:00Z');
    await settled();
    expect(remindersTo(people.mexico.email)).toHaveLength(2);
    expect(remindersTo(people.montreal.email)[1]!.subject).toBe('Rappel : Seoul bus reform commence dans 15 minutes');

    await moveClockTo('2026-07-14T01:00:00Z');
    await settled();
    for (const person of Object.values(people)) expect(remindersTo(person.email)).toHaveLength(2);
  });

  it('are not sent for a cancelled session or to a withdrawn person', async () => {
    const { people, session, cohort } = await cohortWithReminders();
    await ctx.deps.db.updateTable('enrolments').set({ status: 'withdrawn' }).where('cohort_id', '=', cohort.id).where('person_id', '=', people.cairo.id).execute();
    await moveClockTo('2026-07-13T00:00:00Z');
    await settled();
    expect(remindersTo(people.mexico.email)).toHaveLength(1);
    expect(remindersTo(people.cairo.email)).toHaveLength(0);

    await ctx.deps.db.updateTable('sessions').set({ status: 'cancelled', sequence: session.sequence + 1 }).where('id', '=', session.id).execute();
    await moveClockTo('2026-07-13T23:45:00Z');
    await settled();
    expect(remindersTo(people.mexico.email)).toHaveLength(1);
  });

  it('follow a session that moved: the old time’s reminders are dropped, the new ones fire', async () => {
    const { people, session } = await cohortWithReminders();
    // Moved one day later; the sequence grows with every change.
    const moved = await ctx.deps.db
      .updateTable('sessions')
      .set({ starts_at: new Date(START.getTime() + 86_400_000), ends_at: new Date(START.getTime() + 86_400_000 + 90 * 60_000), local_start: '2026-07-15T09:00', sequence: session.sequence + 1 })
      .where('id', '=', session.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await scheduleReminders(ctx.deps.queues, [{ id: moved.id, startsAt: moved.starts_at, sequence: moved.sequence, status: moved.status }], [1440, 15], clock.now());
    await moveClockTo('2026-07-13T00:00:00Z'); // the old 24-hour instant
    await settled();
    expect(remindersTo(people.mexico.email)).toHaveLength(0);
    await moveClockTo('2026-07-14T00:00:00Z'); // the new one
    await settled();
    expect(remindersTo(people.mexico.email)).toHaveLength(1);
  });
});

describe('after Redis lost its jobs', () => {
  it('the reconcile job rebuilds them from PostgreSQL and every reminder still arrives exactly once', async () => {
    const { people, session } = await cohortWithReminders();
    const prefix = `${ctx.config.REDIS_PREFIX}:`;
    await workers.close();
    const keys = await ctx.deps.redis.keys(`${prefix}*`);
    await ctx.deps.redis.del(...keys); // everything this deployment had in Redis is gone
    expect(await ctx.deps.queues.schedule.getJobCounts('delayed')).toEqual({ delayed: 0 });
    workers = startWorkers(ctx.deps);

    const restored = await reconcileSchedule({ db: ctx.deps.db, queues: ctx.deps.queues, now: clock.now(), config: ctx.config });
    expect(restored.remindersRestored).toBeGreaterThanOrEqual(2);
    const again = await reconcileSchedule({ db: ctx.deps.db, queues: ctx.deps.queues, now: clock.now(), config: ctx.config });
    expect(again.remindersRestored).toBe(0);

    await moveClockTo('2026-07-13T00:00:00Z');
    await settled();
    await moveClockTo('2026-07-13T23:45:00Z');
    await settled();
    for (const person of Object.values(people)) {
      const mine = remindersTo(person.email).filter((m) => m.text.includes(session.title));
      expect(mine).toHaveLength(2);
    }
  });

  it('messages committed to the outbox whose delivery jobs were lost are delivered by reconcile', async () => {
    const coordinator = await signedInStaff(ctx);
    const { cohort, people } = await createInvitableCohort(ctx);
    await workers.close();
    await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
    await ctx.deps.queues.notifications.obliterate({ force: true });
    workers = startWorkers(ctx.deps);
    const restored = await reconcileSchedule({ db: ctx.deps.db, queues: ctx.deps.queues, now: clock.now(), config: ctx.config });
    expect(restored.deliveriesRestored).toBe(3);
    await settled();
    for (const person of Object.values(people)) expect(smtp.to(person.email).filter((m) => m.subject.startsWith('Invit'))).toHaveLength(1);
  });
});

describe('reminder offsets', () => {
  it('a coordinator sets them; offsets that can never fire are refused and change nothing', async () => {
    const coordinator = await signedInStaff(ctx);
    const { cohort, people } = await createInvitableCohort(ctx);
    const set = await coordinator.request('PUT', `/api/cohorts/${cohort.id}/reminder-offsets`, { json: { offsetsMinutes: [60, 1440, 60] } });
    expect(set.status).toBe(200);
    expect(set.body.offsetsMinutes).toEqual([1440, 60]);
    // The last session starts 2026-07-16T00:00Z, six days after now: a 7-day reminder could never go out.
    const tooLong = await coordinator.request('PUT', `/api/cohorts/${cohort.id}/reminder-offsets`, { json: { offsetsMinutes: [7 * 1440, 30] } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0]).toMatchObject({ field: 'offsetsMinutes' });
    expect(tooLong.body.errors[0].message).toContain('10080 minutes is longer than the time left');
    const bad = await coordinator.request('PUT', `/api/cohorts/${cohort.id}/reminder-offsets`, { json: { offsetsMinutes: [-5] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('offsetsMinutes.0');
    const stored = await ctx.deps.db.selectFrom('cohorts').select('reminder_offsets_minutes').where('id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(stored.reminder_offsets_minutes).toEqual([1440, 60]);
    const participant = await signedInPerson(ctx, people.mexico.id);
    expect((await participant.request('PUT', `/api/cohorts/${cohort.id}/reminder-offsets`, { json: { offsetsMinutes: [30] } })).status).toBe(403);
  });
});
