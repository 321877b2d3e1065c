import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { AccessToken, ParticipantInfo, Room, WebhookEvent } from 'livekit-server-sdk';
import { createTestContext, type TestContext } from './harness/context.ts';
import { countRows, createCohort, createPerson, createProgramme, createSession, enrol } from './harness/factories.ts';
import { listen } from './harness/attendance-scenario.ts';

let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let endpoint: string;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await listen(ctx);
  endpoint = `${server.url}/api/livekit/webhook`;
});
afterAll(async () => {
  await server.close();
  await ctx.close();
});

async function joinedEvent() {
  const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
  const session = await createSession(ctx.deps.db, cohort.id);
  const person = await createPerson(ctx.deps.db);
  await enrol(ctx.deps.db, cohort.id, person.id);
  const event = new WebhookEvent({
    id: `EV_${Math.random().toString(36).slice(2)}`,
    createdAt: BigInt(Math.floor(session.starts_at.getTime() / 1000)),
    room: new Room({ sid: 'RM_x', name: `session-${session.id}` }),
    participant: new ParticipantInfo({ sid: 'PA_x', identity: person.id, joinedAt: BigInt(Math.floor(session.starts_at.getTime() / 1000)) }),
  });
  event.event = 'participant_joined';
  return { event, body: event.toJsonString(), session };
}

const sha256 = (body: string) => createHash('sha256').update(body).digest('base64');

async function tokenFor(body: string, key = 'devkey', secret = 'secret') {
  const token = new AccessToken(key, secret, { ttl: '5m' });
  token.sha256 = sha256(body);
  return token.toJwt();
}

function deliver(body: string, authorization: string | undefined) {
  return fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/webhook+json', ...(authorization !== undefined && { Authorization: authorization }) }, body });
}

async function traces() {
  return { events: await countRows(ctx.deps.db, 'livekit_events'), evidence: await countRows(ctx.deps.db, 'attendance_evidence'), jobs: await ctx.deps.queues.live.count() };
}

describe('POST /api/livekit/webhook', () => {
  it('a genuine webhook is stored once under its id and enqueued once, however often it is delivered', async () => {
    const { event, body } = await joinedEvent();
    const before = await traces();
    const first = await deliver(body, await tokenFor(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ id: event.id, duplicate: false });
    const again = await deliver(body, await tokenFor(body));
    expect(await again.json()).toEqual({ id: event.id, duplicate: true });
    const after = await traces();
    expect(after.events).toBe(before.events + 1);
    expect(after.jobs).toBe(before.jobs + 1);
    const stored = await ctx.deps.db.selectFrom('livekit_events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ event: 'participant_joined', processed_at: null });
  });

  it('forged, altered, expired, unknown-key, Bearer-prefixed and unsigned calls: 401, nothing stored, nothing enqueued', async () => {
    const { body } = await joinedEvent();
    const before = await traces();
    const expired = await new SignJWT({ sha256: sha256(body), video: {} })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('devkey')
      .setNotBefore(Math.floor(Date.now() / 1000) - 900)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 600)
      .sign(new TextEncoder().encode('secret'));
    const altered = body.replace('participant_joined', 'participant_left');
    const attempts = [
      ['another secret', body, await tokenFor(body, 'devkey', 'not-our-secret')],
      ['an altered body', altered, await tokenFor(body)],
      ['an expired token', body, expired],
      ['an unknown key', body, await tokenFor(body, 'otherkey', 'secret')],
      ['a Bearer prefix', body, `Bearer ${await tokenFor(body)}`],
      ['no Authorization header', body, undefined],
    ] as const;
    for (const [what, sent, authorization] of attempts) {
      const response = await deliver(sent, authorization);
      expect(response.status, what).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect((await response.json()).detail, what).toMatch(/^Webhook signature refused/);
    }
    expect(await traces()).toEqual(before);
  });

  it('a correctly signed body that is not a WebhookEvent, or has no id: 400, nothing stored', async () => {
    const before = await traces();
    for (const body of ['not json at all', JSON.stringify({ event: 'participant_joined', room: { name: 'x' } })]) {
      const response = await deliver(body, await tokenFor(body));
      expect(response.status).toBe(400);
      expect((await response.json()).detail).toMatch(/^Webhook refused/);
    }
    expect(await traces()).toEqual(before);
  });

  it('events of rooms livecohort did not make, or of unknown identities, are acknowledged and add no evidence', async () => {
    const { event, session } = await joinedEvent();
    const stranger = new WebhookEvent({ id: 'EV_stranger', createdAt: 1n, room: new Room({ name: 'someone-elses-room' }), participant: new ParticipantInfo({ identity: 'bob' }) });
    stranger.event = 'participant_joined';
    const unknownPerson = new WebhookEvent({ ...event, id: 'EV_unknown_person', participant: new ParticipantInfo({ sid: 'PA_y', identity: '00000000-0000-4000-8000-000000000000' }) });
    unknownPerson.event = 'participant_joined';
    const before = await traces();
    for (const e of [stranger, unknownPerson]) expect((await deliver(e.toJsonString(), await tokenFor(e.toJsonString()))).status).toBe(200);
    const { processLivekitEvent } = await import('../server/domain/attendance/evidence.service.ts');
    const parse = (json: unknown) => WebhookEvent.fromJson(json as never, { ignoreUnknownFields: true });
    for (const id of ['EV_stranger', 'EV_unknown_person']) expect(await processLivekitEvent(ctx.deps.db, id, new Date(), parse)).toMatchObject({ evidence: 0 });
    expect((await traces()).evidence).toBe(before.evidence);
    expect(await ctx.deps.db.selectFrom('attendance_evidence').select('id').where('session_id', '=', session.id).execute()).toEqual([]);
  });
});
