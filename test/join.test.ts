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
  const member = async (role: 'participant' | 'lecturer' | 'interpreter' | 'observer', status: 'confirmed' | 'withdrawn' | 'invited' = 'confirmed') => {
    const person = await createPerson(ctx.deps.db, { nameLatin: `Official ${role}`, city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City', locale: 'es-MX' });
    await enrol(ctx.deps.db, cohort.id, person.id, role, status);
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
});
