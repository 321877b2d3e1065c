import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';
import { loadCities } from './harness/cities.ts';

let ctx: TestContext;
let coordinator: Awaited<ReturnType<typeof signedInStaff>>;
beforeAll(async () => {
  ctx = await createTestContext();
  coordinator = await signedInStaff(ctx);
});
afterAll(() => ctx.close());

/** Seoul, Cairo and Mexico City: one official each, Tuesdays and Thursdays of two July weeks. */
async function threeCityCohort() {
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id, { firstDay: '2026-07-13', lastDay: '2026-07-24' });
  const seoul = await createPerson(ctx.deps.db, { nameLatin: 'Kim Minji', city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' });
  const cairo = await createPerson(ctx.deps.db, { nameLatin: 'Mona Abdel-Rahman', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo' });
  const mexico = await createPerson(ctx.deps.db, { nameLatin: 'José Luis Hernández', city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City' });
  for (const person of [seoul, cairo, mexico]) await enrol(ctx.deps.db, cohort.id, person.id);
  return { cohort, seoul, cairo, mexico };
}

const request = { durationMinutes: 60, weekdays: [2, 4], hostAvailableHours: { start: '07:00', end: '22:00' }, stepMinutes: 60 };

describe('the planner on three cities 15 hours apart', () => {
  it('ranks 08:00 Seoul first, as a hand check finds, with every person’s local day and time', async () => {
    // By hand (08:00–21:00 preferred everywhere, summer): Seoul suits 08–20, Cairo (S-6) 14–20,
    // Mexico City (S-15) 07–11. No hour suits all three; 08–11 and 14–20 leave one person out
    // for 60 minutes a session (4 sessions: 240 person-minutes); the earliest of them wins.
    const { cohort, cairo, mexico } = await threeCityCohort();
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, request);
    expect(response.status).toBe(200);
    const [best] = response.body.candidates;
    expect(best).toMatchObject({ hostTime: '08:00', weekdays: [2, 4], score: 240 });
    expect(best.sessions.map((s: { hostLocalStart: string }) => s.hostLocalStart)).toEqual(['2026-07-14T08:00', '2026-07-16T08:00', '2026-07-21T08:00', '2026-07-23T08:00']);
    const first = best.sessions[0].people;
    expect(first.find((p: { personId: string }) => p.personId === mexico.id)).toMatchObject({ localDate: '2026-07-13', localTime: '17:00', weekday: 1, insidePreferredHours: true });
    expect(first.find((p: { personId: string }) => p.personId === cairo.id)).toMatchObject({ localDate: '2026-07-14', localTime: '02:00', insidePreferredHours: false, minutesOutside: 60 });
    // 23 July is Revolution Day in Egypt.
    const last = best.sessions[3].people.find((p: { personId: string }) => p.personId === cairo.id);
    expect(last.onHoliday).toBe('Revolution Day');
    expect(best.cities.find((c: { city: string }) => c.city === 'Cairo')).toMatchObject({ sessionsOutsideHoursShare: 1, holidayHits: 1, localTimes: ['02:00'] });
    expect(best.warnings).toContain('Cairo: 100% of sessions outside preferred hours (02:00 local)');
  });

  it('proposes a rotation that halves the worst city’s share (1 → 0.5), sharing the night between Cairo and Mexico City', async () => {
    const { cohort } = await threeCityCohort();
    const { body } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, request);
    expect(body.rotation).toMatchObject({ worstCityShare: 0.5, bestSingleTimeWorstCityShare: 1, personMinutesOutside: 240, method: 'exhaustive' });
    const shares = Object.fromEntries(body.rotation.cities.map((c: { city: string; sessionsOutsideHoursShare: number }) => [c.city, c.sessionsOutsideHoursShare]));
    expect(shares).toEqual({ Seoul: 0, Cairo: 0.5, 'Mexico City': 0.5 });
    expect(body.rotation.sessions).toHaveLength(4);
  });

  it('respects a person’s own preferred hours and the local weekend', async () => {
    const { cohort, cairo } = await threeCityCohort();
    // Cairo's official works nights: 00:00–06:00 suits them.
    await ctx.deps.db.updateTable('enrolments').set({ preferred_start: '00:00', preferred_end: '06:00' }).where('person_id', '=', cairo.id).execute();
    const { body } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, request);
    expect(body.candidates[0]).toMatchObject({ hostTime: '08:00', score: 0 });
    expect(body.rotation).toBeNull();
    // A Friday session in Seoul's morning is still Friday in Cairo: the Egyptian weekend.
    const friday = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { ...request, weekdays: [5] });
    const cairoOnFriday = friday.body.candidates[0].sessions[0].people.find((p: { personId: string }) => p.personId === cairo.id);
    expect(cairoOnFriday).toMatchObject({ weekday: 5, onWeekend: true });
  });

  it('picks the weekdays itself when asked for a number of sessions a week', async () => {
    const { cohort } = await threeCityCohort();
    const { body } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { ...request, weekdays: undefined, sessionsPerWeek: 2 });
    expect(body.candidates[0].weekdays).toHaveLength(2);
    expect(body.candidates[0].score).toBe(body.candidates[0].sessions.length * 60);
  });
});

describe('a real-shaped cohort', () => {
  it('plans for 32 officials of the UCLG-Metropolis member cities, best first, with a rotation no worse than the best single time', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db, 'UCLG-Metropolis Urban Management (Online)')).id, { firstDay: '2026-09-07', lastDay: '2026-09-25' });
    for (const city of loadCities().filter((c) => c.city !== 'Seoul')) {
      const person = await createPerson(ctx.deps.db, { city: city.city, country: city.country, timeZone: city.zone });
      await enrol(ctx.deps.db, cohort.id, person.id);
    }
    const { body, status } = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, { durationMinutes: 90, weekdays: [1, 3, 5], stepMinutes: 30 });
    expect(status).toBe(200);
    expect(body.participants).toBe(32);
    const scores = body.candidates.map((c: { score: number }) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(body.rotation.worstCityShare).toBeLessThanOrEqual(body.rotation.bestSingleTimeWorstCityShare);
    // Auckland is ahead of Seoul: its local date is never the previous day.
    const auckland = body.candidates[0].sessions[0].people.find((p: { city: string }) => p.city === 'Auckland');
    expect(auckland.localDate >= body.candidates[0].sessions[0].hostLocalStart.slice(0, 10)).toBe(true);
  });
});

describe('bad requests', () => {
  it('name the field and change nothing', async () => {
    const { cohort } = await threeCityCohort();
    const cases: [Record<string, unknown>, string, number][] = [
      [{ ...request, durationMinutes: 5 }, 'durationMinutes', 400],
      [{ ...request, weekdays: [8] }, 'weekdays.0', 400],
      [{ ...request, weekdays: undefined }, 'weekdays', 400],
      [{ ...request, hostAvailableHours: { start: '7am', end: '22:00' } }, 'hostAvailableHours.start', 400],
      [{ ...request, hostAvailableHours: { start: '22:00', end: '07:00' } }, 'hostAvailableHours.end', 422],
      [{ ...request, from: '2026-07-01' }, 'from', 422],
      [{ ...request, stepMinutes: 7 }, 'stepMinutes', 400],
    ];
    for (const [body, field, status] of cases) {
      const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner`, body);
      expect(response.status, field).toBe(status);
      expect(response.body.errors[0].field, field).toBe(field);
    }
  });

  it('signed out 401, a participant 403, an unknown cohort 404', async () => {
    const { cohort, cairo } = await threeCityCohort();
    expect((await ctx.client().post(`/api/cohorts/${cohort.id}/planner`, request)).status).toBe(401);
    expect((await (await signedInPerson(ctx, cairo.id)).post(`/api/cohorts/${cohort.id}/planner`, request)).status).toBe(403);
    expect((await coordinator.post('/api/cohorts/00000000-0000-4000-8000-000000000000/planner', request)).status).toBe(404);
  });
});

describe('applying a plan', () => {
  const plan = (times: string[]) => ({ sessions: times.map((localStart, i) => ({ localStart, durationMinutes: 60, kind: 'lecture', title: `Lecture ${i + 1}` })) });

  it('creates the sessions of the rotation at once', async () => {
    const { cohort } = await threeCityCohort();
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, plan(['2026-07-14T08:00', '2026-07-16T14:00']));
    expect(response.status).toBe(201);
    expect(response.body.items.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2026-07-13T23:00:00.000Z', '2026-07-16T05:00:00.000Z']);
  });

  it('a lecturer already teaching another cohort at that time blocks it, and nothing is created', async () => {
    const { cohort } = await threeCityCohort();
    const lecturer = await createPerson(ctx.deps.db, { nameLatin: 'Park Jisoo', city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' });
    await enrol(ctx.deps.db, cohort.id, lecturer.id, 'lecturer');
    const other = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db, 'Water Management')).id, { firstDay: '2026-07-13', lastDay: '2026-07-24' });
    await enrol(ctx.deps.db, other.id, lecturer.id, 'lecturer');
    await createSession(ctx.deps.db, other.id, { title: 'Han River water quality', localStart: '2026-07-16T13:30', durationMinutes: 90 });
    const before = await countRows(ctx.deps.db, 'sessions');
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, plan(['2026-07-14T08:00', '2026-07-16T14:00']));
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([{ field: 'sessions.1.localStart', message: expect.stringContaining('Park Jisoo already teaches "Han River water quality"') }]);
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });

  it('signed out 401, a participant 403, bad input 400 naming the field, an unknown cohort 404', async () => {
    const { cohort, mexico } = await threeCityCohort();
    const body = plan(['2026-07-14T08:00']);
    expect((await ctx.client().post(`/api/cohorts/${cohort.id}/planner/apply`, body)).status).toBe(401);
    expect((await (await signedInPerson(ctx, mexico.id)).post(`/api/cohorts/${cohort.id}/planner/apply`, body)).status).toBe(403);
    const bad = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [{ ...body.sessions[0], kind: 'party' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('sessions.0.kind');
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [] })).body.errors[0].field).toBe('sessions');
    expect((await coordinator.post('/api/cohorts/00000000-0000-4000-8000-000000000000/planner/apply', body)).status).toBe(404);
    expect(await ctx.deps.db.selectFrom('sessions').select('id').where('cohort_id', '=', cohort.id).execute()).toHaveLength(0);
  });

  it('a time that does not exist is refused with the nearest valid one, and nothing is created', async () => {
    const { cohort } = await threeCityCohort();
    const before = await countRows(ctx.deps.db, 'sessions');
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/planner/apply`, { sessions: [{ localStart: '2026-07-14T08:00', durationMinutes: 60, kind: 'lecture', title: 'ok' }, { localStart: '2026-03-08T02:30', timeZone: 'America/Toronto', durationMinutes: 60, kind: 'lecture', title: 'gap' }] });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ nearestValidTime: '2026-03-08T03:00', errors: [{ field: 'sessions.1.localStart' }] });
    expect(await countRows(ctx.deps.db, 'sessions')).toBe(before);
  });
});
