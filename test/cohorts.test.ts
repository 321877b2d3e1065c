import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const cairo2021 = (programmeId: string) => ({ programmeId, title: 'Cairo Smart City Training Program (Online) 2021', firstDay: '2021-07-12', lastDay: '2021-08-06' });

describe('creating cohorts', () => {
  it('a coordinator creates a cohort in the Seoul host zone by default', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    const created = await coordinator.post('/api/cohorts', cairo2021(programme.id));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...cairo2021(programme.id), hostTimeZone: 'Asia/Seoul', status: 'draft', reminderOffsetsMinutes: [1440, 15], invitationsSentAt: null });
    expect(created.body.counts).toEqual({ participants: 0, lecturers: 0, interpreters: 0, observers: 0, sessions: 0 });
  });

  it('a last day before the first (the centre’s own "2021.5.20 ~ 5.9") is refused naming lastDay, nothing stored', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    const before = await countRows(ctx.deps.db, 'cohorts');
    const response = await coordinator.post('/api/cohorts', { programmeId: programme.id, title: 'CITYNET Housing Policy (online)', firstDay: '2021-05-20', lastDay: '2021-05-09' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'lastDay', message: 'before firstDay 2021-05-20' }]);
    expect(await countRows(ctx.deps.db, 'cohorts')).toBe(before);
  });

  it('bad fields are each named: zone offsets, impossible dates, unknown programme', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    const offset = await coordinator.post('/api/cohorts', { ...cairo2021(programme.id), hostTimeZone: 'UTC+9' });
    expect(offset.status).toBe(400);
    expect(offset.body.errors[0].field).toBe('hostTimeZone');
    const dates = await coordinator.post('/api/cohorts', { ...cairo2021(programme.id), firstDay: '2021-02-30', lastDay: 'soon' });
    expect(dates.status).toBe(400);
    expect(dates.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['firstDay', 'lastDay']);
    const unknown = await coordinator.post('/api/cohorts', cairo2021('00000000-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('programmeId');
  });

  it('a legacy host zone is stored under its current name', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    const created = await coordinator.post('/api/cohorts', { ...cairo2021(programme.id), hostTimeZone: 'Europe/Kiev' });
    expect(created.body.hostTimeZone).toBe('Europe/Kyiv');
  });

  it('signed out → 401, a participant → 403', async () => {
    const programme = await createProgramme(ctx.deps.db);
    expect((await ctx.client().post('/api/cohorts', cairo2021(programme.id))).status).toBe(401);
    const participant = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    expect((await participant.post('/api/cohorts', cairo2021(programme.id))).status).toBe(403);
  });
});

describe('reading and listing cohorts', () => {
  it('filters by status, programme and overlapping dates, and paginates', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    const july = await createCohort(ctx.deps.db, programme.id, { firstDay: '2031-07-12', lastDay: '2031-08-06' });
    const september = await createCohort(ctx.deps.db, programme.id, { firstDay: '2031-09-06', lastDay: '2031-09-24' });
    const list = await coordinator.get(`/api/cohorts?programmeId=${programme.id}`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([september.id, july.id]);
    const august = await coordinator.get(`/api/cohorts?programmeId=${programme.id}&from=2031-08-01&to=2031-08-31`);
    expect(august.body.items.map((c: { id: string }) => c.id)).toEqual([july.id]);
    const page = await coordinator.get(`/api/cohorts?programmeId=${programme.id}&limit=1&offset=1`);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.body.items[0].id).toBe(july.id);
    expect((await coordinator.get(`/api/cohorts?programmeId=${programme.id}&status=draft`)).body.total).toBe(2);
    expect((await coordinator.get('/api/cohorts?status=finished')).status).toBe(400);
    expect((await coordinator.get('/api/cohorts?from=yesterday')).body.errors[0].field).toBe('query.from');
  });

  it('a participant sees their cohorts only; another cohort answers 404 like an unknown one', async () => {
    const programme = await createProgramme(ctx.deps.db);
    const mine = await createCohort(ctx.deps.db, programme.id);
    const other = await createCohort(ctx.deps.db, programme.id);
    const person = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, mine.id, person.id);
    const participant = await signedInPerson(ctx, person.id);
    expect((await participant.get('/api/cohorts')).body.items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect((await participant.get(`/api/cohorts/${mine.id}`)).body.counts.participants).toBe(1);
    const hidden = await participant.get(`/api/cohorts/${other.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.detail).toBe('Cohort not found');
  });
});

describe('changing, archiving and deleting cohorts', () => {
  it('status moves forward only; archived from anywhere', async () => {
    const coordinator = await signedInStaff(ctx);
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    expect((await coordinator.patch(`/api/cohorts/${cohort.id}`, { status: 'running' })).body.status).toBe('running');
    const back = await coordinator.patch(`/api/cohorts/${cohort.id}`, { status: 'draft' });
    expect(back.status).toBe(422);
    expect(back.body.errors[0].field).toBe('status');
    expect((await coordinator.post(`/api/cohorts/${cohort.id}/archive`)).body.status).toBe('archived');
  });

  it('new days that would leave a session outside are refused, and nothing changes', async () => {
    const coordinator = await signedInStaff(ctx);
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id, { firstDay: '2026-07-13', lastDay: '2026-08-07' });
    await createSession(ctx.deps.db, cohort.id, { localStart: '2026-08-04T09:00' });
    const response = await coordinator.patch(`/api/cohorts/${cohort.id}`, { lastDay: '2026-07-31' });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('lastDay');
    const stored = await ctx.deps.db.selectFrom('cohorts').select('last_day').where('id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(stored.last_day).toBe('2026-08-07');
  });

  it('a cohort that sent invitations is archived, never deleted; one that did not is deleted with its sessions', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    const invited = await createCohort(ctx.deps.db, programme.id);
    await ctx.deps.db.updateTable('cohorts').set({ invitations_sent_at: new Date() }).where('id', '=', invited.id).execute();
    const refused = await coordinator.delete(`/api/cohorts/${invited.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('archive');
    const fresh = await createCohort(ctx.deps.db, programme.id);
    await createSession(ctx.deps.db, fresh.id);
    expect((await coordinator.delete(`/api/cohorts/${fresh.id}`)).status).toBe(204);
    expect(await ctx.deps.db.selectFrom('sessions').select('id').where('cohort_id', '=', fresh.id).execute()).toHaveLength(0);
  });

  it('participants may not change, archive or delete; unknown ids are 404', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const person = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, cohort.id, person.id);
    const participant = await signedInPerson(ctx, person.id);
    expect((await participant.patch(`/api/cohorts/${cohort.id}`, { title: 'Mine now' })).status).toBe(403);
    expect((await participant.post(`/api/cohorts/${cohort.id}/archive`)).status).toBe(403);
    expect((await participant.delete(`/api/cohorts/${cohort.id}`)).status).toBe(403);
    const coordinator = await signedInStaff(ctx);
    expect((await coordinator.patch('/api/cohorts/00000000-0000-4000-8000-000000000000', { title: 'x' })).status).toBe(404);
    expect((await coordinator.patch(`/api/cohorts/${cohort.id}`, {})).status).toBe(400);
    const stored = await ctx.deps.db.selectFrom('cohorts').select(['title', 'status']).where('id', '=', cohort.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: cohort.title, status: 'draft' });
  });
});
