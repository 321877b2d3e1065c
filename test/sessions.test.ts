import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';
import { reminderJobId } from '../server/jobs/delivery.jobs.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function cohortWithCoordinator(overrides: { firstDay?: string; lastDay?: string; hostTimeZone?: string } = {}) {
  const coordinator = await signedInStaff(ctx);
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id, { firstDay: '2026-07-13', lastDay: '2026-11-30', ...overrides });
  return { coordinator, cohort };
}

const lecture = { kind: 'lecture', title: 'Seoul bus reform', speakers: ['Seoul Institute'], localStart: '2026-07-14T09:00', durationMinutes: 90 };

describe('authoring a session', () => {
  it('a wall-clock time in the host zone becomes an instant; a Mexico City participant sees it on the previous day', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator();
    const created = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, lecture);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ qaPremoderation: false, localStart: '2026-07-14T09:00', timeZone: 'Asia/Seoul', startsAt: '2026-07-14T00:00:00.000Z', endsAt: '2026-07-14T01:30:00.000Z', sequence: 0, status: 'scheduled', notices: [] });
    expect(created.body.host).toMatchObject({ localDateTime: '2026-07-14T09:00', offset: '+09:00' });
    const person = await createPerson(ctx.deps.db, { city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City' });
    await enrol(ctx.deps.db, cohort.id, person.id);
    const participant = await signedInPerson(ctx, person.id);
    const list = await participant.get(`/api/cohorts/${cohort.id}/sessions`);
    expect(list.body.items[0].own).toMatchObject({ localDateTime: '2026-07-13T18:00', weekday: 1, offset: '-06:00' });
    const kathmandu = await createPerson(ctx.deps.db, { city: 'Kathmandu', country: 'NP', timeZone: 'Asia/Kathmandu' });
    await enrol(ctx.deps.db, cohort.id, kathmandu.id);
    const nepal = await signedInPerson(ctx, kathmandu.id);
    expect((await nepal.get(`/api/sessions/${created.body.id}`)).body.own).toMatchObject({ localDateTime: '2026-07-14T05:45', offset: '+05:45' });
  });

  it('schedules the session’s reminders (24 hours and 15 minutes before) as soon as it exists', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator();
    const created = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, lecture);
    const jobs = await Promise.all([1440, 15].map((offset) => ctx.deps.queues.schedule.getJob(reminderJobId(created.body.id, 0, offset))));
    expect(jobs.map((job) => job?.data)).toEqual([
      { sessionId: created.body.id, sequence: 0, offsetMinutes: 1440 },
      { sessionId: created.body.id, sequence: 0, offsetMinutes: 15 },
    ]);
  });

  it('a time inside the spring-forward gap is refused with the nearest valid time, nothing stored', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator({ hostTimeZone: 'America/Toronto', firstDay: '2026-03-01', lastDay: '2026-03-31' });
    const before = await countRows(ctx.deps.db, 'sessions');
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, { ...lecture, localStart: '2026-03-08T02:30' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'rule_violated', nearestValidTime: '2026-03-08T03:00' });
    expect(response.body.errors[0].field).toBe('localStart');
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });

  it('a time in the fall-back hour takes the earlier instant and says so', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator({ hostTimeZone: 'America/Toronto', firstDay: '2026-10-01', lastDay: '2026-11-30' });
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, { ...lecture, localStart: '2026-11-01T01:30' });
    expect(response.status).toBe(201);
    expect(response.body.startsAt).toBe('2026-11-01T05:30:00.000Z');
    expect(response.body.notices[0]).toContain('happens twice in America/Toronto');
  });

  it('bad input names the field and stores nothing', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator();
    const before = await countRows(ctx.deps.db, 'sessions');
    const cases: [Record<string, unknown>, string, number][] = [
      [{ ...lecture, kind: 'party' }, 'kind', 400],
      [{ ...lecture, localStart: '2026-07-14T09:00+09:00' }, 'localStart', 400],
      [{ ...lecture, durationMinutes: 0 }, 'durationMinutes', 400],
      [{ ...lecture, timeZone: 'EST' }, 'timeZone', 400],
      [{ ...lecture, localStart: '2026-12-24T09:00' }, 'localStart', 422],
      [{ ...lecture, localStart: '2026-02-30T09:00' }, 'localStart', 400],
    ];
    for (const [body, field, status] of cases) {
      const response = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, body);
      expect(response.status, field).toBe(status);
      expect(response.body.errors[0].field, JSON.stringify(response.body)).toBe(field);
    }
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });

  it('an archived cohort takes no new session; a participant may not create one; another cohort is 404', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator();
    await ctx.deps.db.updateTable('cohorts').set({ status: 'archived' }).where('id', '=', cohort.id).execute();
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, lecture)).status).toBe(409);
    const other = await cohortWithCoordinator();
    const person = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, other.cohort.id, person.id);
    const participant = await signedInPerson(ctx, person.id);
    expect((await participant.post(`/api/cohorts/${other.cohort.id}/sessions`, lecture)).status).toBe(403);
    expect((await participant.get(`/api/cohorts/${cohort.id}/sessions`)).status).toBe(404);
    expect((await ctx.client().get(`/api/cohorts/${cohort.id}/sessions`)).status).toBe(401);
  });
});

describe('recurring sessions', () => {
  it('"Tuesdays and Thursdays 09:00 Seoul, 90 minutes, 12 July to 6 August" skipping a date creates them all at once', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator({ firstDay: '2021-07-12', lastDay: '2021-08-06' });
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/sessions/recurring`, {
      kind: 'lecture', title: 'Smart city lecture', weekdays: [2, 4], localTime: '09:00', durationMinutes: 90, skipDates: ['2021-07-15'],
    });
    expect(response.status).toBe(201);
    expect(response.body.items.map((s: { localStart: string }) => s.localStart)).toEqual([
      '2021-07-13T09:00', '2021-07-20T09:00', '2021-07-22T09:00', '2021-07-27T09:00', '2021-07-29T09:00', '2021-08-03T09:00', '2021-08-05T09:00',
    ]);
    expect(response.body.items[6].title).toBe('Smart city lecture 7');
  });

  it('a pattern with no occurrence or a gap occurrence creates nothing', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator({ hostTimeZone: 'America/Toronto', firstDay: '2026-03-01', lastDay: '2026-03-20' });
    const before = await countRows(ctx.deps.db, 'sessions');
    const none = await coordinator.post(`/api/cohorts/${cohort.id}/sessions/recurring`, { kind: 'lecture', title: 'x', weekdays: [6], localTime: '09:00', durationMinutes: 60, from: '2026-03-02', until: '2026-03-06' });
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('weekdays');
    const gap = await coordinator.post(`/api/cohorts/${cohort.id}/sessions/recurring`, { kind: 'lecture', title: 'x', weekdays: [7], localTime: '02:30', durationMinutes: 60 });
    expect(gap.status).toBe(422);
    expect(gap.body.errors).toEqual([{ field: 'occurrences.2026-03-08', message: expect.stringContaining('2026-03-08T03:00') }]);
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/sessions/recurring`, { kind: 'lecture', title: 'x', weekdays: [], localTime: '9am', durationMinutes: 60 })).body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['localTime', 'weekdays']);
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });
});

describe('changing and cancelling', () => {
  it('a new time re-derives the instant and bumps the sequence; a cancelled session cannot be changed', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator();
    const session = await createSession(ctx.deps.db, cohort.id);
    const moved = await coordinator.patch(`/api/sessions/${session.id}`, { localStart: '2026-07-14T21:00' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startsAt: '2026-07-14T12:00:00.000Z', sequence: 1 });
    const renamed = await coordinator.patch(`/api/sessions/${session.id}`, { title: 'Seoul bus reform (part 1)' });
    expect(renamed.body.sequence).toBe(2);
    const cancelled = await coordinator.post(`/api/sessions/${session.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 3 });
    expect((await coordinator.post(`/api/sessions/${session.id}/cancel`)).status).toBe(409);
    expect((await coordinator.patch(`/api/sessions/${session.id}`, { title: 'again' })).status).toBe(409);
    const stored = await ctx.deps.db.selectFrom('sessions').select(['sequence', 'title']).where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ sequence: 3, title: 'Seoul bus reform (part 1)' });
  });

  it('a refused change leaves the session as it was', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator();
    const session = await createSession(ctx.deps.db, cohort.id);
    expect((await coordinator.patch(`/api/sessions/${session.id}`, { durationMinutes: -5 })).status).toBe(400);
    expect((await coordinator.patch(`/api/sessions/${session.id}`, { localStart: '2027-01-05T09:00' })).status).toBe(422);
    expect((await coordinator.patch(`/api/sessions/${session.id}`, {})).status).toBe(400);
    const stored = await ctx.deps.db.selectFrom('sessions').select(['sequence', 'starts_at']).where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ sequence: 0, starts_at: session.starts_at });
  });

  it('deleting is for cohorts that sent no invitations; afterwards, cancel', async () => {
    const { coordinator, cohort } = await cohortWithCoordinator();
    const session = await createSession(ctx.deps.db, cohort.id);
    const kept = await createSession(ctx.deps.db, cohort.id, { localStart: '2026-07-16T09:00' });
    expect((await coordinator.delete(`/api/sessions/${session.id}`)).status).toBe(204);
    await ctx.deps.db.updateTable('cohorts').set({ invitations_sent_at: new Date() }).where('id', '=', cohort.id).execute();
    expect((await coordinator.delete(`/api/sessions/${kept.id}`)).status).toBe(409);
    expect((await coordinator.get(`/api/sessions/${session.id}`)).status).toBe(404);
  });

  it('participants cannot change or cancel sessions; others’ sessions are 404 to them', async () => {
    const { cohort } = await cohortWithCoordinator();
    const session = await createSession(ctx.deps.db, cohort.id);
    const person = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, cohort.id, person.id);
    const participant = await signedInPerson(ctx, person.id);
    expect((await participant.patch(`/api/sessions/${session.id}`, { title: 'x' })).status).toBe(403);
    expect((await participant.post(`/api/sessions/${session.id}/cancel`)).status).toBe(403);
    expect((await participant.delete(`/api/sessions/${session.id}`)).status).toBe(403);
    const outsider = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    expect((await outsider.get(`/api/sessions/${session.id}`)).status).toBe(404);
  });
});
