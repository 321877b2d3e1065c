import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function cohort() {
  return createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
}

describe('enrolling people', () => {
  it('a coordinator enrols an interpreter with their own preferred hours; twice is a 409', async () => {
    const coordinator = await signedInStaff(ctx);
    const { id } = await cohort();
    const person = await createPerson(ctx.deps.db, { city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City' });
    const created = await coordinator.post(`/api/cohorts/${id}/enrolments`, { personId: person.id, role: 'interpreter', preferredStart: '07:00', preferredEnd: '23:00' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'interpreter', status: 'invited', preferredStart: '07:00', preferredEnd: '23:00', weekendDays: null, person: { id: person.id, timeZone: 'America/Mexico_City' } });
    const twice = await coordinator.post(`/api/cohorts/${id}/enrolments`, { personId: person.id });
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].field).toBe('personId');
  });

  it('bad input names the field; nothing is stored', async () => {
    const coordinator = await signedInStaff(ctx);
    const { id } = await cohort();
    const person = await createPerson(ctx.deps.db);
    const before = await countRows(ctx.deps.db, 'enrolments');
    const hours = await coordinator.post(`/api/cohorts/${id}/enrolments`, { personId: person.id, preferredStart: '21:00', preferredEnd: '08:00' });
    expect(hours.status).toBe(422);
    expect(hours.body.errors[0].field).toBe('preferredEnd');
    expect((await coordinator.post(`/api/cohorts/${id}/enrolments`, { personId: person.id, role: 'guest' })).body.errors[0].field).toBe('role');
    expect((await coordinator.post(`/api/cohorts/${id}/enrolments`, { personId: person.id, weekendDays: [0, 8] })).body.errors[0].field).toBe('weekendDays.0');
    expect((await coordinator.post(`/api/cohorts/${id}/enrolments`, { personId: '00000000-0000-4000-8000-000000000000' })).status).toBe(422);
    expect((await coordinator.post('/api/cohorts/00000000-0000-4000-8000-000000000000/enrolments', { personId: person.id })).status).toBe(404);
    expect(await countRows(ctx.deps.db, 'enrolments')).toBe(before);
  });
});

describe('the roster', () => {
  it('coordinators and the cohort’s lecturers see it; participants and other lecturers do not', async () => {
    const coordinator = await signedInStaff(ctx);
    const { id } = await cohort();
    const lecturer = await createPerson(ctx.deps.db, { city: 'Seoul', country: 'KR', timeZone: 'Asia/Seoul' });
    const participant = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, id, lecturer.id, 'lecturer');
    await enrol(ctx.deps.db, id, participant.id);
    const list = await coordinator.get(`/api/cohorts/${id}/enrolments?role=participant`);
    expect(list.body.items.map((e: { person: { id: string } }) => e.person.id)).toEqual([participant.id]);
    expect((await (await signedInPerson(ctx, lecturer.id)).get(`/api/cohorts/${id}/enrolments`)).body.total).toBe(2);
    expect((await (await signedInPerson(ctx, participant.id)).get(`/api/cohorts/${id}/enrolments`)).status).toBe(403);
    const other = await cohort();
    expect((await (await signedInPerson(ctx, lecturer.id)).get(`/api/cohorts/${other.id}/enrolments`)).status).toBe(404);
    expect((await ctx.client().get(`/api/cohorts/${id}/enrolments`)).status).toBe(401);
  });
});

describe('changing an enrolment', () => {
  it('a coordinator withdraws a person; the person can confirm and set their hours but not change their role', async () => {
    const coordinator = await signedInStaff(ctx);
    const { id } = await cohort();
    const person = await createPerson(ctx.deps.db, { city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo' });
    const enrolment = await enrol(ctx.deps.db, id, person.id, 'participant', 'invited');
    const me = await signedInPerson(ctx, person.id);
    const confirmed = await me.patch(`/api/enrolments/${enrolment.id}`, { status: 'confirmed', preferredStart: '09:00', preferredEnd: '22:00', weekendDays: [5, 6] });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', preferredStart: '09:00', weekendDays: [5, 6] });
    expect((await me.patch(`/api/enrolments/${enrolment.id}`, { role: 'lecturer' })).status).toBe(403);
    expect((await me.patch(`/api/enrolments/${enrolment.id}`, { status: 'withdrawn' })).status).toBe(403);
    expect((await coordinator.patch(`/api/enrolments/${enrolment.id}`, { status: 'withdrawn' })).body.status).toBe('withdrawn');
    expect((await me.patch(`/api/enrolments/${enrolment.id}`, { status: 'confirmed' })).status).toBe(409);
    const stranger = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    expect((await stranger.patch(`/api/enrolments/${enrolment.id}`, { status: 'declined' })).status).toBe(404);
    const stored = await ctx.deps.db.selectFrom('enrolments').select(['status', 'role']).where('id', '=', enrolment.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'withdrawn', role: 'participant' });
  });
});
