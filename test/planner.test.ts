import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { tzdbVersion } from '../server/time/instants.ts';
import { countRows, createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

let ctx: TestContext;
let coordinator: Awaited<ReturnType<typeof signedInStaff>>;
beforeAll(async () => {
  ctx = await createTestContext();
  coordinator = await signedInStaff(ctx);
});
afterAll(() => ctx.close());

/** Seoul, Cairo and Mexico City: one official each, two July weeks (Cairo on summer time, UTC+3). */
async function threeCityCohort() {
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id, { firstDay: '2026-07-13', lastDay: '2026-07-24' });
  const seoul = await createPerson(ctx.deps.db, { nameLatin: 'Kim Minji', city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' });
  const cairo = await createPerson(ctx.deps.db, { nameLatin: 'Mona Abdel-Rahman', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo' });
  const mexico = await createPerson(ctx.deps.db, { nameLatin: 'José Luis Hernández', city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City' });
  for (const person of [seoul, cairo, mexico]) await enrol(ctx.deps.db, cohort.id, person.id);
  return { cohort, seoul, cairo, mexico };
}

const request = { durationMinutes: 60, weekdays: [2, 4], stepMinutes: 60 };
const personIn = (session: { people: { personId: string }[] }, personId: string) => session.people.find((p) => p.personId === personId) as Record<string, unknown>;
const cityIn = (cities: { city: string }[], city: string) => cities.find((c) => c.city === city) as Record<string, unknown>;

describe('the planner on three cities 15 hours apart (checked by hand)', () => {
  // Preferred hours 08:00–21:00 everywhere. Seoul is UTC+9, Cairo UTC+3 in July (Seoul − 6 h), Mexico
  // City UTC−6 (Seoul − 15 h). A 60-minute session starting at Seoul hour h suits Seoul for h in 8–20,
  // Cairo for h in 14–20, Mexico City for h in 7–11 (its previous evening). No hour suits all three:
  // 08–11 and 14–20 leave one person out for 60 minutes (4 sessions: 240 person-minutes), 07, 12, 13
  // and 21 leave two out (480). Cairo's 23 July is Revolution Day at every hour, so the tie goes to the
  // earliest host time: 08:00.
  it('ranks 08:00 Seoul on Tuesdays and Thursdays first, with every person’s local day and time per date', async () => {
    const { cohort, seoul, cairo, mexico } = await threeCityCohort();
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, request);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ hostTimeZone: 'Asia/Seoul', from: '2026-07-13', until: '2026-07-24', participants: 3 });
    const [best, second] = response.body.candidates;
    expect(best).toMatchObject({ rank: 1, hostTime: '08:00', weekdays: [2, 4], score: 240, weekendOrHolidayHits: 1, worstCityShare: 1 });
    expect(second).toMatchObject({ rank: 2, hostTime: '09:00', score: 240 });
    expect(best.sessions.map((s: { hostLocalStart: string; startsAt: string }) => [s.hostLocalStart, s.startsAt])).toEqual([
      ['2026-07-14T08:00', '2026-07-13T23:00:00.000Z'],
      ['2026-07-16T08:00', '2026-07-15T23:00:00.000Z'],
      ['2026-07-21T08:00', '2026-07-20T23:00:00.000Z'],
      ['2026-07-23T08:00', '2026-07-22T23:00:00.000Z'],
    ]);
    const [tuesday, , , thursday] = best.sessions;
    // A Seoul Tuesday morning is Monday evening in Mexico City.
    expect(personIn(tuesday, mexico.id)).toMatchObject({ name: 'José Luis Hernández', city: 'Mexico City', localDate: '2026-07-13', localTime: '17:00', weekday: 1, insidePreferredHours: true, minutesOutside: 0, onWeekend: false, onHoliday: null });
    expect(personIn(tuesday, cairo.id)).toMatchObject({ localDate: '2026-07-14', localTime: '02:00', weekday: 2, insidePreferredHours: false, minutesOutside: 60 });
    expect(personIn(tuesday, seoul.id)).toMatchObject({ localDate: '2026-07-14', localTime: '08:00', insidePreferredHours: true });
    expect(personIn(thursday, cairo.id)).toMatchObject({ localDate: '2026-07-23', onHoliday: 'Revolution Day' });
    expect(personIn(thursday, mexico.id)).toMatchObject({ localDate: '2026-07-22', weekday: 3, onHoliday: null });
    expect(cityIn(best.cities, 'Cairo')).toMatchObject({ country: 'EG', timeZone: 'Africa/Cairo', participants: 1, sessionsOutsideHours: 4, sessionsOutsideHoursShare: 1, weekendHits: 0, holidayHits: 1, localTimeRange: { from: '02:00', to: '02:00' }, localDayShifts: [0] });
    expect(cityIn(best.cities, 'Mexico City')).toMatchObject({ sessionsOutsideHoursShare: 0, typicalLocalTime: '17:00', localDayShifts: [-1] });
    expect(best.warnings).toEqual([
      'Cairo: 4 of 4 sessions (100%) outside preferred hours, at 02:00 local',
      'Cairo: 1 person-session(s) on a public holiday: Revolution Day (2026-07-23)',
      'Mexico City: meets on the previous local day for every session',
    ]);
    expect(response.body.candidates.map((c: { score: number }) => c.score)).toEqual([240, 240, 240, 240, 240]);
  });

  // By hand: every start time leaves Cairo or Mexico City (or both) out, and Seoul is never the only
  // one out, so over 4 sessions Cairo and Mexico City are out at least 4 times together: the worst of
  // them at least 2 of 4. Alternating 08:00 (Cairo out) and 14:00 (Mexico City out) reaches it.
  it('rotates 08:00 and 14:00 so Cairo and Mexico City each get half the night sessions (worst share 1 → 0.5)', async () => {
    const { cohort } = await threeCityCohort();
    const { body } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, request);
    expect(body.rotation).toMatchObject({ worstCityShare: 0.5, personMinutesOutside: 240, method: 'exact', searchSpace: 81, bestCandidate: { hostTime: '08:00', worstCityShare: 1, personMinutesOutside: 240 } });
    expect(body.rotation.definition).toContain('more than half');
    const shares = Object.fromEntries(body.rotation.cities.map((c: { city: string; sessionsOutsideHoursShare: number }) => [c.city, c.sessionsOutsideHoursShare]));
    expect(shares).toEqual({ Seoul: 0, Cairo: 0.5, 'Mexico City': 0.5 });
    const used = new Set(body.rotation.sessions.map((s: { hostTime: string }) => s.hostTime));
    expect([...used].sort()).toEqual(['08:00', '14:00']);
    expect(body.rotation.sessions.map((s: { citiesOutside: string[] }) => s.citiesOutside.length)).toEqual([1, 1, 1, 1]);
  });

  it('counts Cairo’s Friday as its weekend and flags a Korean public holiday', async () => {
    const { cohort, seoul, cairo, mexico } = await threeCityCohort();
    const { body } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { ...request, weekdays: [5], from: '2026-07-17', until: '2026-07-17' });
    const [friday] = body.candidates[0].sessions;
    expect(personIn(friday, cairo.id)).toMatchObject({ weekday: 5, onWeekend: true });
    // 17 July is Constitution Day in Korea (a public holiday again from 2026), not a holiday in Mexico.
    expect(personIn(friday, seoul.id)).toMatchObject({ weekday: 5, onWeekend: false, onHoliday: 'Constitution Day' });
    expect(personIn(friday, mexico.id)).toMatchObject({ onWeekend: false, onHoliday: null });
  });

  it('respects an enrolment’s own preferred hours and weekend', async () => {
    const { cohort, cairo } = await threeCityCohort();
    // Cairo's official prefers 00:00–06:00 and rests on Sundays only.
    await ctx.deps.db.updateTable('enrolments').set({ preferred_start: '00:00', preferred_end: '06:00', weekend_days: [7] }).where('person_id', '=', cairo.id).execute();
    const { body } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, request);
    expect(body.candidates[0]).toMatchObject({ hostTime: '08:00', score: 0, worstCityShare: 0, warnings: expect.not.arrayContaining([expect.stringContaining('outside preferred hours')]) });
    expect(body.rotation).toBeNull();
    const friday = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { ...request, weekdays: [5] });
    expect(personIn(friday.body.candidates[0].sessions[0], cairo.id)).toMatchObject({ weekday: 5, onWeekend: false });
  });

  // By hand, at 08:00 Seoul: a Monday is Mexico City's Sunday (weekend), Thursday 23 July is Revolution
  // Day in Cairo, Friday is Cairo's weekend; Tuesday and Wednesday hit nothing.
  it('picks the weekdays itself when given a number of sessions a week', async () => {
    const { cohort } = await threeCityCohort();
    const { body, status } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { durationMinutes: 60, sessionsPerWeek: 2, stepMinutes: 60 });
    expect(status).toBe(200);
    expect(body.candidates[0]).toMatchObject({ hostTime: '08:00', weekdays: [2, 3], score: 240, weekendOrHolidayHits: 0 });
    expect(body.candidates[0].sessions.map((s: { hostLocalStart: string }) => s.hostLocalStart.slice(0, 10))).toEqual(['2026-07-14', '2026-07-15', '2026-07-21', '2026-07-22']);
  });

  it('leaves out skipped dates and honours the limit', async () => {
    const { cohort } = await threeCityCohort();
    const { body } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { ...request, skipDates: ['2026-07-16'], limit: 2 });
    expect(body.candidates).toHaveLength(2);
    expect(body.candidates[0].sessions.map((s: { hostLocalStart: string }) => s.hostLocalStart)).toEqual(['2026-07-14T08:00', '2026-07-21T08:00', '2026-07-23T08:00']);
  });
});

describe('bad planner requests', () => {
  it('name the field, with 400 for malformed input and 422 for a broken rule, and store nothing', async () => {
    const { cohort } = await threeCityCohort();
    const before = await countRows(ctx.deps.db, 'sessions');
    const cases: [Record<string, unknown>, string, number][] = [
      [{ ...request, durationMinutes: 10 }, 'durationMinutes', 400],
      [{ ...request, durationMinutes: 481 }, 'durationMinutes', 400],
      [{ ...request, weekdays: [8] }, 'weekdays.0', 400],
      [{ ...request, weekdays: [2, 2] }, 'weekdays', 400],
      [{ ...request, weekdays: undefined }, 'weekdays', 400],
      [{ ...request, sessionsPerWeek: 2 }, 'sessionsPerWeek', 400],
      [{ ...request, weekdays: undefined, sessionsPerWeek: 8 }, 'sessionsPerWeek', 400],
      [{ ...request, from: '13 July' }, 'from', 400],
      [{ ...request, from: '2026-07-01' }, 'from', 422],
      [{ ...request, until: '2026-08-30' }, 'until', 422],
      [{ ...request, from: '2026-07-20', until: '2026-07-14' }, 'until', 422],
      [{ ...request, hostAvailableHours: { start: '7am', end: '22:00' } }, 'hostAvailableHours.start', 400],
      [{ ...request, hostAvailableHours: { start: '22:00', end: '07:00' } }, 'hostAvailableHours.end', 422],
      [{ ...request, hostAvailableHours: { start: '07:00', end: '07:30' } }, 'hostAvailableHours', 422],
      [{ ...request, stepMinutes: 20 }, 'stepMinutes', 400],
      [{ ...request, skipDates: ['2026-02-30'] }, 'skipDates.0', 400],
      [{ ...request, limit: 0 }, 'limit', 400],
      [{ ...request, limit: 21 }, 'limit', 400],
      [{ ...request, rotationSlots: 1 }, 'rotationSlots', 400],
      [{ ...request, weekdays: [6], from: '2026-07-13', until: '2026-07-17' }, 'weekdays', 422],
    ];
    for (const [body, field, status] of cases) {
      const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, body);
      expect(response.status, field).toBe(status);
      expect(response.body.errors.map((e: { field: string }) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { ...request, colour: 'blue' })).status).toBe(400);
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });

  it('a cohort with nobody enrolled has nothing to plan (422)', async () => {
    const empty = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const response = await coordinator.post(`/api/cohorts/${empty.id}/planner`, request);
    expect(response.status).toBe(422);
  });
});

describe('the API document', () => {
  it('lists both planner routes with their problem answers', async () => {
    const { body } = await ctx.client().get('/api/openapi.json');
    expect(Object.keys(body.paths['/cohorts/{id}/planner'].post.responses).sort()).toEqual(['200', '400', '401', '403', '404', '422']);
    expect(Object.keys(body.paths['/cohorts/{id}/planner/apply'].post.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '422']);
    expect(body.components.schemas.PlannerRotation.properties).toHaveProperty('worstCityShare');
  });
});

describe('who may plan', () => {
  it('signed out 401; a participant or a lecturer of the cohort 403; an unknown cohort 404; a malformed id 400', async () => {
    const { cohort, cairo } = await threeCityCohort();
    const lecturer = await createPerson(ctx.deps.db, { nameLatin: 'Park Jisoo', city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' });
    await enrol(ctx.deps.db, cohort.id, lecturer.id, 'lecturer');
    expect((await ctx.client().post(`/api/cohorts/${cohort.id}/planner`, request)).status).toBe(401);
    expect((await (await signedInPerson(ctx, cairo.id)).post(`/api/cohorts/${cohort.id}/planner`, request)).status).toBe(403);
    expect((await (await signedInPerson(ctx, lecturer.id)).post(`/api/cohorts/${cohort.id}/planner`, request)).status).toBe(403);
    expect((await coordinator.post('/api/cohorts/00000000-0000-4000-8000-000000000000/planner', request)).status).toBe(404);
    expect((await coordinator.post('/api/cohorts/not-a-uuid/planner', request)).body.errors[0].field).toBe('param.id');
  });

  it('an admin may plan too, and withdrawn people are not planned for', async () => {
    const { cohort, mexico } = await threeCityCohort();
    await ctx.deps.db.updateTable('enrolments').set({ status: 'withdrawn' }).where('person_id', '=', mexico.id).execute();
    const admin = await signedInStaff(ctx, 'admin');
    const { body, status } = await admin.post(`/api/cohorts/${cohort.id}/planner`, request);
    expect(status).toBe(200);
    expect(body.participants).toBe(2);
    expect(body.candidates[0]).toMatchObject({ hostTime: '14:00', score: 0 });
  });
});

describe('applying a plan', () => {
  const lecture = (localStart: string, extra: Record<string, unknown> = {}) => ({ localStart, durationMinutes: 60, kind: 'lecture', title: `Lecture at ${localStart}`, ...extra });
  const sessionsOf = (cohortId: string) => ctx.deps.db.selectFrom('sessions').selectAll().where('cohort_id', '=', cohortId).orderBy('starts_at').execute();

  /** A Seoul lecturer of the cohort who also teaches another cohort, with a lecture there on Thursday 16 July 13:30–15:00 Seoul. */
  async function busyLecturer(cohortId: string, name = 'Park Jisoo') {
    const lecturer = await createPerson(ctx.deps.db, { nameLatin: name, city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' });
    await enrol(ctx.deps.db, cohortId, lecturer.id, 'lecturer');
    const other = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db, 'Water Management Training (Online)')).id, { title: 'Tashkent Water 2026', firstDay: '2026-07-13', lastDay: '2026-07-24' });
    await enrol(ctx.deps.db, other.id, lecturer.id, 'lecturer');
    const session = await createSession(ctx.deps.db, other.id, { title: 'Han River water quality', localStart: '2026-07-16T13:30', durationMinutes: 90 });
    return { lecturer, other, session };
  }

  it('creates the rotation’s sessions at once, each at its instant with the time-zone database version', async () => {
    const { cohort } = await threeCityCohort();
    const { body: plan } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, request);
    const sessions = plan.rotation.sessions.map((s: { hostLocalStart: string }) => lecture(s.hostLocalStart));
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions });
    expect(response.status).toBe(201);
    expect(response.body.items.map((s: { startsAt: string }) => s.startsAt)).toEqual(plan.rotation.sessions.map((s: { startsAt: string }) => s.startsAt));
    const stored = await sessionsOf(cohort.id);
    expect(stored.map((s) => [s.local_start.slice(0, 16), s.time_zone, s.starts_at.toISOString(), s.tzdb_version, s.status])).toEqual(
      plan.rotation.sessions.map((s: { hostLocalStart: string; startsAt: string }) => [s.hostLocalStart, 'Asia/Seoul', s.startsAt, tzdbVersion(), 'scheduled']),
    );
  });

  it('creates a session authored in another zone at that zone’s wall-clock time', async () => {
    const { cohort } = await threeCityCohort();
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [lecture('2026-07-14T17:00', { timeZone: 'America/Mexico_City', speakers: ['José Luis Hernández'] })] });
    expect(response.status).toBe(201);
    expect(response.body.items[0]).toMatchObject({ timeZone: 'America/Mexico_City', startsAt: '2026-07-14T23:00:00.000Z', speakers: ['José Luis Hernández'], host: { localDateTime: '2026-07-15T08:00' } });
  });

  it('a lecturer already teaching an overlapping session of another cohort blocks the plan (409, each clash listed) and nothing is created', async () => {
    const { cohort } = await threeCityCohort();
    const { lecturer, other, session } = await busyLecturer(cohort.id);
    const guest = await createPerson(ctx.deps.db, { nameLatin: 'Lee Eunji', city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' });
    const guestCohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db, 'Housing Policy')).id, { title: 'Hanoi Housing 2026', firstDay: '2026-07-13', lastDay: '2026-07-24' });
    await enrol(ctx.deps.db, guestCohort.id, guest.id, 'lecturer');
    const guestSession = await createSession(ctx.deps.db, guestCohort.id, { title: 'Public rental housing', localStart: '2026-07-21T07:30', durationMinutes: 60 });
    const before = await countRows(ctx.deps.db, 'sessions');
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, {
      sessions: [lecture('2026-07-14T08:00'), lecture('2026-07-16T14:00'), lecture('2026-07-21T08:00', { lecturerPersonIds: [guest.id] })],
    });
    expect(response.status).toBe(409);
    expect(response.body.conflicts).toEqual([
      expect.objectContaining({ session: 1, personId: lecturer.id, lecturer: 'Park Jisoo', otherSessionId: session.id, otherCohortId: other.id, otherCohortTitle: 'Tashkent Water 2026', otherStartsAt: '2026-07-16T04:30:00.000Z' }),
      expect.objectContaining({ session: 2, personId: guest.id, lecturer: 'Lee Eunji', otherSessionId: guestSession.id, otherSessionTitle: 'Public rental housing' }),
    ]);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['sessions.1.localStart', 'sessions.2.localStart']);
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });

  it('a cancelled session elsewhere, a withdrawn lecturer and a session that merely touches do not block', async () => {
    const { cohort } = await threeCityCohort();
    const { lecturer, other, session } = await busyLecturer(cohort.id);
    await ctx.deps.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', session.id).execute();
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [lecture('2026-07-16T14:00')] })).status).toBe(201);
    await createSession(ctx.deps.db, other.id, { title: 'Drinking water', localStart: '2026-07-21T07:00', durationMinutes: 60 });
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [lecture('2026-07-21T08:00')] })).status).toBe(201);
    await ctx.deps.db.updateTable('enrolments').set({ status: 'withdrawn' }).where('person_id', '=', lecturer.id).where('cohort_id', '=', other.id).execute();
    await createSession(ctx.deps.db, other.id, { title: 'Sewage', localStart: '2026-07-23T08:30', durationMinutes: 60 });
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [lecture('2026-07-23T08:00')] })).status).toBe(201);
    expect(await sessionsOf(cohort.id)).toHaveLength(3);
  });

  it('a time the clocks skip is refused (422) with the nearest valid time, and nothing is created', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db, 'UCLG-Metropolis Urban Management (Online)')).id, { firstDay: '2026-03-02', lastDay: '2026-03-13' });
    const before = await countRows(ctx.deps.db, 'sessions');
    // Montreal springs forward at 02:00 on 8 March 2026: 02:30 does not exist there.
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [lecture('2026-03-05T09:00'), lecture('2026-03-08T02:30', { timeZone: 'America/Toronto' })] });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ nearestValidTime: '2026-03-08T03:00', errors: [{ field: 'sessions.1.localStart' }] });
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });

  it('refuses a session outside the cohort (422), an unknown zone (400) or an unknown lecturer (422), naming it, and creates nothing', async () => {
    const { cohort } = await threeCityCohort();
    const before = await countRows(ctx.deps.db, 'sessions');
    const cases: [unknown[], string, number][] = [
      [[lecture('2026-07-14T08:00'), lecture('2026-07-27T08:00')], 'sessions.1.localStart', 422],
      [[lecture('2026-07-14T08:00', { timeZone: 'UTC+3' })], 'sessions.0.timeZone', 400],
      [[lecture('2026-07-14T08:00', { lecturerPersonIds: ['00000000-0000-4000-8000-000000000000'] })], 'sessions.0.lecturerPersonIds.0', 422],
      [[lecture('2026-07-14T08:00', { kind: 'party' })], 'sessions.0.kind', 400],
      [[lecture('2026-07-14 08:00')], 'sessions.0.localStart', 400],
      [[lecture('2026-07-14T08:00', { durationMinutes: 0 })], 'sessions.0.durationMinutes', 400],
      [[lecture('2026-07-14T08:00', { title: ' ' })], 'sessions.0.title', 400],
      [[lecture('2026-07-14T08:00', { lecturerPersonIds: ['park'] })], 'sessions.0.lecturerPersonIds.0', 400],
      [[], 'sessions', 400],
    ];
    for (const [sessions, field, status] of cases) {
      const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions });
      expect(response.status, field).toBe(status);
      expect(response.body.errors.map((e: { field: string }) => e.field), field).toContain(field);
    }
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });

  it('signed out 401, a participant 403, an unknown cohort 404, and nothing is created', async () => {
    const { cohort, mexico } = await threeCityCohort();
    const body = { sessions: [lecture('2026-07-14T08:00')] };
    expect((await ctx.client().post(`/api/cohorts/${cohort.id}/planner/apply`, body)).status).toBe(401);
    expect((await (await signedInPerson(ctx, mexico.id)).post(`/api/cohorts/${cohort.id}/planner/apply`, body)).status).toBe(403);
    expect((await coordinator.post('/api/cohorts/00000000-0000-4000-8000-000000000000/planner/apply', body)).status).toBe(404);
    expect(await sessionsOf(cohort.id)).toHaveLength(0);
  });
});
