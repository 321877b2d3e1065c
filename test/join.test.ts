import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import { ManualClock } from '../server/clock.ts';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createCohort, createPerson, createProgramme, createSession, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';

// The lecture starts 2026-07-14T00:00Z (09:00 Seoul) and lasts 90 minutes.
const clock = new ManualClock('2026-07-13T23:50:00Z');
let ctx: TestContext;
const verifier = new TokenVerifier('devkey', 'secret');

beforeAll(async () => {
  ctx = await createTestContext({ clock });
});
afterAll(() => ctx.close());
beforeEach(() => clock.set('2026-07-13T23:50:00Z'));

async function lecture() {
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
  const session = await createSession(ctx.deps.db, cohort.id);
  const member = async (role: 'participant' | 'lecturer' | 'interpreter' | 'observer', status: 'confirmed' | 'withdrawn' | 'invited' = 'confirmed', language: string | null = role === 'interpreter' ? 'es' : null) => {
    const person = await createPerson(ctx.deps.db, { nameLatin: `Official ${role}`, city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City', locale: 'es-MX' });
    const enrolment = await enrol(ctx.deps.db, cohort.id, person.id, role, status);
    if (language) await ctx.deps.db.updateTable('enrolments').set({ interpretation_language: language }).where('id', '=', enrolment.id).execute();
    return { person, browser: await signedInPerson(ctx, person.id) };
  };
  return { cohort, session, member };
}

describe('joining a live session', () => {
  it('a participant gets a minutes-long token for the session’s room, as themself, able to publish camera and microphone', async () => {
    const { session, member } = await lecture();
    const { person, browser } = await member('participant');
    const response = await browser.post(`/api/sessions/${session.id}/join`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ serverUrl: ctx.livekit.url.replace('http://', 'ws://'), roomName: `session-${session.id}`, role: 'participant' });
    const claims = await verifier.verify(response.body.token);
    expect(claims.sub).toBe(person.id);
    expect(claims.name).toBe('Official participant');
    expect(claims.video).toMatchObject({ roomJoin: true, room: `session-${session.id}`, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.video?.canPublishSources).toEqual(['microphone', 'camera', 'screen_share']);
    const lifetime = (claims.exp! - claims.nbf!) / 60;
    expect(lifetime).toBe(10);
    expect(new Date(response.body.expiresAt).getTime()).toBe(claims.exp! * 1000);
  });

  it('grants follow the role: lecturers administer, interpreters publish only their microphone, observers only listen', async () => {
    const { session, member } = await lecture();
    const lecturer = await (await member('lecturer')).browser.post(`/api/sessions/${session.id}/join`);
    expect((await verifier.verify(lecturer.body.token)).video).toMatchObject({ roomAdmin: true, canPublish: true });
    const interpreter = await verifier.verify((await (await member('interpreter')).browser.post(`/api/sessions/${session.id}/join`)).body.token);
    expect(interpreter.video).toMatchObject({ canPublish: true, canPublishData: false });
    expect(interpreter.video?.canPublishSources).toEqual(['microphone']);
    const observer = await verifier.verify((await (await member('observer')).browser.post(`/api/sessions/${session.id}/join`)).body.token);
    expect(observer.video).toMatchObject({ canPublish: false, canSubscribe: true, canPublishData: false });
    const coordinator = await signedInStaff(ctx);
    const staff = await coordinator.post(`/api/sessions/${session.id}/join`);
    expect(staff.body.role).toBe('staff');
    expect((await verifier.verify(staff.body.token)).video?.roomAdmin).toBe(true);
  });

  it('before the window opens it says when, in the caller’s own zone; after the end it says it ended', async () => {
    const { session, member } = await lecture();
    const { browser } = await member('participant');
    clock.set('2026-07-13T23:44:00Z');
    const early = await browser.post(`/api/sessions/${session.id}/join`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ reason: 'not_open_yet', opensAt: '2026-07-13T23:45:00.000Z', timeZone: 'America/Mexico_City' });
    expect(early.body.detail).toContain('lunes, 13 de julio de 2026, 17:45');
    clock.set('2026-07-14T01:30:00Z');
    const late = await browser.post(`/api/sessions/${session.id}/join`);
    expect(late.status).toBe(409);
    expect(late.body.reason).toBe('ended');
  });

  it('refuses strangers, withdrawn people and cancelled sessions', async () => {
    const { session, member } = await lecture();
    const stranger = await signedInPerson(ctx, (await createPerson(ctx.deps.db)).id);
    expect((await stranger.post(`/api/sessions/${session.id}/join`)).status).toBe(404);
    expect((await (await member('participant', 'withdrawn')).browser.post(`/api/sessions/${session.id}/join`)).status).toBe(404);
    expect((await ctx.client().post(`/api/sessions/${session.id}/join`)).status).toBe(401);
    expect((await stranger.post('/api/sessions/not-a-uuid/join')).status).toBe(400);
    const { browser } = await member('participant');
    await ctx.deps.db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', session.id).execute();
    const cancelled = await browser.post(`/api/sessions/${session.id}/join`);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.reason).toBe('cancelled');
  });

  it('interpretation: the answer says which interpreter serves which language; a participant’s choice is remembered for the programme', async () => {
    const { session, member } = await lecture();
    await ctx.deps.db.updateTable('sessions').set({ interpretation_languages: ['es', 'pt', 'ar'] }).where('id', '=', session.id).execute();
    const spanish = await member('interpreter', 'confirmed', 'es');
    const interpreterJoin = await spanish.browser.post(`/api/sessions/${session.id}/join`);
    expect(interpreterJoin.status).toBe(200);
    const interpreterClaims = await verifier.verify(interpreterJoin.body.token);
    expect(interpreterClaims.attributes).toMatchObject({ role: 'interpreter', 'interpretation.language': 'es' });
    expect(interpreterClaims.video?.canPublishSources).toEqual(['microphone']);

    const { person, browser } = await member('participant');
    const chosen = await browser.post(`/api/sessions/${session.id}/join`, { language: 'es' });
    expect(chosen.status).toBe(200);
    expect(chosen.body.interpretation).toEqual({
      languages: ['es', 'pt', 'ar'],
      chosenLanguage: 'es',
      channels: [
        { language: 'es', interpreters: [{ identity: spanish.person.id, name: 'Official interpreter' }] },
        { language: 'pt', interpreters: [] },
        { language: 'ar', interpreters: [] },
      ],
    });
    expect((await verifier.verify(chosen.body.token)).attributes).toMatchObject({ 'listening.language': 'es' });
    // Remembered: the next join (any session of the programme) starts in Spanish without asking.
    const again = await browser.post(`/api/sessions/${session.id}/join`);
    expect(again.body.interpretation.chosenLanguage).toBe('es');
    const enrolment = await ctx.deps.db.selectFrom('enrolments').select('interpretation_language').where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(enrolment.interpretation_language).toBe('es');
    // Back to the floor language.
    expect((await browser.post(`/api/sessions/${session.id}/join`, { language: null })).body.interpretation.chosenLanguage).toBeNull();

    const offered = await browser.post(`/api/sessions/${session.id}/join`, { language: 'fr' });
    expect(offered.status).toBe(422);
    expect(offered.body.errors).toEqual([{ field: 'language', message: 'not offered in this session' }]);
    const malformed = await browser.post(`/api/sessions/${session.id}/join`, { language: 'Spanish', extra: 1 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['(body)', 'language']);
    // Neither refusal changed the remembered choice.
    expect((await ctx.deps.db.selectFrom('enrolments').select('interpretation_language').where('person_id', '=', person.id).executeTakeFirstOrThrow()).interpretation_language).toBeNull();

    const silent = await member('interpreter', 'confirmed', null);
    const refused = await silent.browser.post(`/api/sessions/${session.id}/join`);
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('no_language');
  });

  it('a lecture set to start muted tells participants so; lecturers are not muted', async () => {
    const { session, member } = await lecture();
    await ctx.deps.db.updateTable('sessions').set({ start_muted: true }).where('id', '=', session.id).execute();
    expect((await (await member('participant')).browser.post(`/api/sessions/${session.id}/join`)).body.startMuted).toBe(true);
    expect((await (await member('lecturer')).browser.post(`/api/sessions/${session.id}/join`)).body.startMuted).toBe(false);
  });

  it('refuses a person of another cohort and one who declined, with the reason', async () => {
    const { session, member } = await lecture();
    const other = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const outsider = await createPerson(ctx.deps.db);
    await enrol(ctx.deps.db, other.id, outsider.id);
    expect((await (await signedInPerson(ctx, outsider.id)).post(`/api/sessions/${session.id}/join`)).status).toBe(404);
    const { person, browser } = await member('participant');
    await ctx.deps.db.updateTable('enrolments').set({ status: 'declined' }).where('person_id', '=', person.id).execute();
    const declined = await browser.post(`/api/sessions/${session.id}/join`);
    expect(declined.status).toBe(403);
    expect(declined.body.detail).toContain('declined');
  });
});
