import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const tashkent = () => ({ email: `dilshod.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@tashkent.test`, nameLatin: 'Dilshod Karimov', nameNative: 'Дилшод Каримов', city: 'Tashkent', country: 'uz', timeZone: 'Asia/Tashkent', locale: 'ru', organisation: 'Tashkent city government', position: 'Water engineer' });

describe('people', () => {
  it('a coordinator adds an official with a name in their own script', async () => {
    const coordinator = await signedInStaff(ctx);
    const input = tashkent();
    const created = await coordinator.post('/api/people', input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...input, country: 'UZ' });
    expect((await coordinator.get(`/api/people/${created.body.id}`)).body.nameNative).toBe('Дилшод Каримов');
  });

  it('a legacy zone is stored under its current name', async () => {
    const coordinator = await signedInStaff(ctx);
    const created = await coordinator.post('/api/people', { ...tashkent(), city: 'Kyiv', country: 'UA', timeZone: 'Europe/Kiev' });
    expect(created.body.timeZone).toBe('Europe/Kyiv');
  });

  it('each bad field is named and nothing is stored', async () => {
    const coordinator = await signedInStaff(ctx);
    const before = await countRows(ctx.deps.db, 'people');
    const cases: [Record<string, unknown>, string, number][] = [
      [{ ...tashkent(), timeZone: 'UTC+5' }, 'timeZone', 400],
      [{ ...tashkent(), timeZone: 'EST' }, 'timeZone', 400],
      [{ ...tashkent(), country: 'XX' }, 'country', 400],
      [{ ...tashkent(), country: 'Uzbekistan' }, 'country', 400],
      [{ ...tashkent(), email: 'dilshod@' }, 'email', 400],
      [{ ...tashkent(), locale: 'not a locale!' }, 'locale', 400],
      [{ ...tashkent(), nameLatin: '' }, 'nameLatin', 400],
    ];
    for (const [body, field, status] of cases) {
      const response = await coordinator.post('/api/people', body);
      expect(response.status, field).toBe(status);
      expect(response.body.errors[0].field, field).toBe(field);
    }
    expect(await countRows(ctx.deps.db, 'people')).toBe(before);
  });

  it('the same e-mail in other letter case is a 409 naming email', async () => {
    const coordinator = await signedInStaff(ctx);
    const input = tashkent();
    await coordinator.post('/api/people', input);
    const again = await coordinator.post('/api/people', { ...tashkent(), email: input.email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].field).toBe('email');
  });

  it('lists filter by name, country and cohort', async () => {
    const coordinator = await signedInStaff(ctx);
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const maputo = await createPerson(ctx.deps.db, { nameLatin: 'João Macuácua', city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo' });
    await enrol(ctx.deps.db, cohort.id, maputo.id);
    expect((await coordinator.get(`/api/people?cohortId=${cohort.id}`)).body.items.map((p: { id: string }) => p.id)).toEqual([maputo.id]);
    expect((await coordinator.get('/api/people?country=mz&q=Macu')).body.items.map((p: { id: string }) => p.id)).toContain(maputo.id);
    expect((await coordinator.get('/api/people?cohortId=nope')).status).toBe(400);
  });

  it('a coordinator changes a person; a participant reads only themself and changes nobody', async () => {
    const coordinator = await signedInStaff(ctx);
    const person = await createPerson(ctx.deps.db);
    const changed = await coordinator.patch(`/api/people/${person.id}`, { timeZone: 'Asia/Calcutta', city: 'Delhi', country: 'IN' });
    expect(changed.body).toMatchObject({ timeZone: 'Asia/Kolkata', city: 'Delhi' });
    const participant = await signedInPerson(ctx, person.id);
    expect((await participant.get(`/api/people/${person.id}`)).status).toBe(200);
    const other = await createPerson(ctx.deps.db);
    expect((await participant.get(`/api/people/${other.id}`)).status).toBe(404);
    expect((await participant.get('/api/people')).status).toBe(403);
    expect((await participant.patch(`/api/people/${person.id}`, { nameLatin: 'Someone else' })).status).toBe(403);
    expect((await participant.post('/api/people', tashkent())).status).toBe(403);
    expect((await ctx.client().get('/api/people')).status).toBe(401);
    expect((await coordinator.patch(`/api/people/${person.id}`, { timeZone: 'GMT+5:30' })).status).toBe(400);
    const stored = await ctx.deps.db.selectFrom('people').select(['name_latin', 'time_zone']).where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name_latin: person.name_latin, time_zone: 'Asia/Kolkata' });
  });
});
