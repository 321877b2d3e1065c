import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('my sessions', () => {
  it('a Mexico City official sees a 09:00 Seoul session at 18:00 on the previous local day, with host time and UTC beside it', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const session = await createSession(ctx.deps.db, cohort.id, { localStart: '2026-07-14T09:00' });
    const person = await createPerson(ctx.deps.db, { city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City', locale: 'es-MX' });
    await enrol(ctx.deps.db, cohort.id, person.id);
    const me = await signedInPerson(ctx, person.id);
    const response = await me.get('/api/me/sessions');
    expect(response.status).toBe(200);
    expect(response.body.timeZone).toBe('America/Mexico_City');
    // The server's clock and the join window, so a page on a wrong clock still counts down right.
    expect(response.body.serverTime).toBe(ctx.deps.clock.now().toISOString());
    expect(response.body.items[0].joinOpensAt).toBe('2026-07-13T23:45:00.000Z');
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0]).toMatchObject({
      id: session.id,
      cohortTitle: cohort.title,
      role: 'participant',
      start: {
        utc: '2026-07-14T00:00:00.000Z',
        own: { timeZone: 'America/Mexico_City', localDateTime: '2026-07-13T18:00', weekday: 1, offset: '-06:00' },
        host: { timeZone: 'Asia/Seoul', localDateTime: '2026-07-14T09:00', weekday: 2, offset: '+09:00' },
      },
      end: { utc: '2026-07-14T01:30:00.000Z' },
    });
  });

  it('shows neither another cohort’s sessions nor those of a cohort I withdrew from; cancelled only on request', async () => {
    const programme = await createProgramme(ctx.deps.db);
    const mine = await createCohort(ctx.deps.db, programme.id);
    const left = await createCohort(ctx.deps.db, programme.id);
    const other = await createCohort(ctx.deps.db, programme.id);
    const kept = await createSession(ctx.deps.db, mine.id, { localStart: '2026-07-14T09:00' });
    const cancelled = await createSession(ctx.deps.db, mine.id, { localStart: '2026-07-16T09:00' });
    await ctx.deps.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', cancelled.id).execute();
    await createSession(ctx.deps.db, left.id);
    await createSession(ctx.deps.db, other.id);
    const person = await createPerson(ctx.deps.db, { city: 'Bandung', country: 'ID', timeZone: 'Asia/Jakarta' });
    await enrol(ctx.deps.db, mine.id, person.id);
    await enrol(ctx.deps.db, left.id, person.id, 'participant', 'withdrawn');
    const me = await signedInPerson(ctx, person.id);
    expect((await me.get('/api/me/sessions')).body.items.map((s: { id: string }) => s.id)).toEqual([kept.id]);
    expect((await me.get('/api/me/sessions?includeCancelled=true')).body.items.map((s: { id: string }) => s.id)).toEqual([kept.id, cancelled.id]);
    expect((await me.get('/api/me/sessions?from=2026-07-15')).body.items).toHaveLength(0);
    expect((await me.get('/api/me/sessions?from=2026-07-14&to=2026-07-14')).body.items).toHaveLength(1);
  });

  it('bad filters are 400 naming the parameter; signed out is 401', async () => {
    const me = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    const bad = await me.get('/api/me/sessions?from=next-week&includeCancelled=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.from', 'query.includeCancelled']);
    expect((await ctx.client().get('/api/me/sessions')).status).toBe(401);
    expect((await ctx.client().get('/api/me')).status).toBe(401);
  });
});

describe('my profile', () => {
  it('shows who I am and my enrolments; a coordinator sees their staff role', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const person = await createPerson(ctx.deps.db, { nameNative: 'منى عبد الرحمن' });
    await enrol(ctx.deps.db, cohort.id, person.id, 'observer', 'confirmed');
    const me = await signedInPerson(ctx, person.id);
    const response = await me.get('/api/me');
    expect(response.body).toMatchObject({ person: { id: person.id, nameNative: 'منى عبد الرحمن' }, staffRole: null, enrolments: [{ cohortId: cohort.id, role: 'observer', status: 'confirmed', preferredStart: '08:00', preferredEnd: '21:00' }] });
    expect((await (await signedInStaff(ctx)).get('/api/me')).body.staffRole).toBe('coordinator');
  });
});
