import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const climate = { title: 'Climate Change Training for Metropolis Member Cities', theme: 'climate_change', partnerOrganisation: 'Metropolis', modules: ['Adaptation', 'Mitigation'] };

describe('creating programmes', () => {
  it('a coordinator creates a programme and reads it back', async () => {
    const coordinator = await signedInStaff(ctx);
    const created = await coordinator.post('/api/programmes', climate);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...climate, archivedAt: null, defaultCompletionPolicy: null });
    const read = await coordinator.get(`/api/programmes/${created.body.id}`);
    expect(read.body).toEqual(created.body);
  });

  it('bad input names each field and stores nothing', async () => {
    const coordinator = await signedInStaff(ctx);
    const before = await countRows(ctx.deps.db, 'programmes');
    const response = await coordinator.post('/api/programmes', { title: '  ', theme: 'astrology', modules: 'one', extra: 1 });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'theme', 'modules']));
    expect(await countRows(ctx.deps.db, 'programmes')).toBe(before);
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const coordinator = await signedInStaff(ctx);
    const response = await coordinator.request('POST', '/api/programmes', { body: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_request');
  });

  it('signed out gets 401 and a participant gets 403', async () => {
    expect((await ctx.client().post('/api/programmes', climate)).status).toBe(401);
    const person = await createPerson(ctx.deps.db);
    const participant = await signedInPerson(ctx, person.id);
    const refused = await participant.post('/api/programmes', climate);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });
});

describe('reading and listing', () => {
  it('lists are paginated and filtered by theme and status', async () => {
    const coordinator = await signedInStaff(ctx);
    for (let i = 0; i < 3; i++) await coordinator.post('/api/programmes', { title: `Water management ${i}`, theme: 'water' });
    const page = await coordinator.get('/api/programmes?theme=water&limit=2');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBe(3);
    const rest = await coordinator.get('/api/programmes?theme=water&limit=2&offset=2');
    expect(rest.body.items).toHaveLength(1);
    expect((await coordinator.get('/api/programmes?limit=0')).status).toBe(400);
    const badTheme = await coordinator.get('/api/programmes?theme=astrology');
    expect(badTheme.status).toBe(400);
    expect(badTheme.body.errors[0].field).toBe('query.theme');
  });

  it('a participant sees only the programmes of their own cohorts, and others answer 404', async () => {
    const mine = await createProgramme(ctx.deps.db, 'Cairo Smart City Training Program (Online)');
    const other = await createProgramme(ctx.deps.db, 'Mexico City Urban Safety Training Program (Online)');
    const cohort = await createCohort(ctx.deps.db, mine.id);
    await createCohort(ctx.deps.db, other.id);
    const person = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, cohort.id, person.id);
    const participant = await signedInPerson(ctx, person.id);
    const list = await participant.get('/api/programmes');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([mine.id]);
    expect((await participant.get(`/api/programmes/${mine.id}`)).status).toBe(200);
    const hidden = await participant.get(`/api/programmes/${other.id}`);
    const unknown = await participant.get('/api/programmes/00000000-0000-4000-8000-000000000000');
    expect(hidden.status).toBe(404);
    expect(hidden.body.detail).toBe(unknown.body.detail);
  });

  it('a withdrawn participant no longer sees the programme', async () => {
    const programme = await createProgramme(ctx.deps.db);
    const cohort = await createCohort(ctx.deps.db, programme.id);
    const person = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, cohort.id, person.id, 'participant', 'withdrawn');
    const participant = await signedInPerson(ctx, person.id);
    expect((await participant.get(`/api/programmes/${programme.id}`)).status).toBe(404);
  });

  it('an id that is not a UUID is a 400 naming the parameter', async () => {
    const coordinator = await signedInStaff(ctx);
    const response = await coordinator.get('/api/programmes/42');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('param.id');
  });
});

describe('changing, archiving and deleting', () => {
  it('a coordinator renames a programme; an empty change is refused', async () => {
    const coordinator = await signedInStaff(ctx);
    const { body: programme } = await coordinator.post('/api/programmes', climate);
    const renamed = await coordinator.patch(`/api/programmes/${programme.id}`, { title: 'Climate Action' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('Climate Action');
    const empty = await coordinator.patch(`/api/programmes/${programme.id}`, {});
    expect(empty.status).toBe(400);
    const stored = await ctx.deps.db.selectFrom('programmes').select('title').where('id', '=', programme.id).executeTakeFirstOrThrow();
    expect(stored.title).toBe('Climate Action');
  });

  it('a programme with cohorts cannot be deleted, only archived', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    await createCohort(ctx.deps.db, programme.id);
    const refused = await coordinator.delete(`/api/programmes/${programme.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('archive');
    const archived = await coordinator.post(`/api/programmes/${programme.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).not.toBeNull();
    const active = await coordinator.get('/api/programmes?status=active&limit=200');
    expect(active.body.items.map((p: { id: string }) => p.id)).not.toContain(programme.id);
    const archivedList = await coordinator.get('/api/programmes?status=archived&limit=200');
    expect(archivedList.body.items.map((p: { id: string }) => p.id)).toContain(programme.id);
  });

  it('a programme without cohorts is deleted', async () => {
    const coordinator = await signedInStaff(ctx);
    const { body: programme } = await coordinator.post('/api/programmes', climate);
    expect((await coordinator.delete(`/api/programmes/${programme.id}`)).status).toBe(204);
    expect((await coordinator.get(`/api/programmes/${programme.id}`)).status).toBe(404);
  });

  it('participants cannot change, archive or delete; unknown ids answer 404', async () => {
    const programme = await createProgramme(ctx.deps.db);
    const person = await createPerson(ctx.deps.db);
    const participant = await signedInPerson(ctx, person.id);
    expect((await participant.patch(`/api/programmes/${programme.id}`, { title: 'x' })).status).toBe(403);
    expect((await participant.post(`/api/programmes/${programme.id}/archive`)).status).toBe(403);
    expect((await participant.delete(`/api/programmes/${programme.id}`)).status).toBe(403);
    const coordinator = await signedInStaff(ctx);
    expect((await coordinator.patch('/api/programmes/00000000-0000-4000-8000-000000000000', { title: 'x' })).status).toBe(404);
    const stored = await ctx.deps.db.selectFrom('programmes').select(['title', 'archived_at']).where('id', '=', programme.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: programme.title, archived_at: null });
  });
});
