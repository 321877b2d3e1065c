import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { startSmtpSink } from './harness/smtp-sink.ts';
import { createInvitableCohort, parseIcs } from './harness/notifications.factories.ts';
import { signedInPerson, signedInStaff } from './harness/factories.ts';
import { startWorkers } from '../worker/workers.ts';
import { queueSessionChange } from '../server/domain/notifications/outbox.service.ts';
import { enqueueDeliveries } from '../server/jobs/delivery.jobs.ts';
import { rederiveFutureInstants } from '../server/domain/timekeeping/rederive.service.ts';
import { deriveInstants } from '../server/time/instants.ts';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: ReturnType<typeof startWorkers>;

beforeAll(async () => {
  smtp = await startSmtpSink();
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
  workers = startWorkers(ctx.deps);
});
afterAll(async () => {
  await workers.close();
  await ctx.close();
  await smtp.close();
});

async function invitedCohort() {
  const coordinator = await signedInStaff(ctx);
  const cohort = await createInvitableCohort(ctx);
  await coordinator.post(`/api/cohorts/${cohort.cohort.id}/invitations`);
  await expect.poll(() => smtp.to(cohort.people.mexico.email).length).toBe(1);
  return { coordinator, ...cohort };
}

async function moveSession(sessionId: string, localStart: string) {
  const before = await ctx.deps.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  const { startsAt, endsAt } = deriveInstants(localStart, before.time_zone, before.duration_minutes);
  const after = await ctx.deps.db
    .updateTable('sessions')
    .set({ local_start: localStart, starts_at: startsAt, ends_at: endsAt, sequence: before.sequence + 1 })
    .where('id', '=', sessionId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const queued = await queueSessionChange(ctx.deps.db, { id: after.id, cohortId: after.cohort_id, sequence: after.sequence, cancelled: false }, { startsAt: before.starts_at, endsAt: before.ends_at }, { now: ctx.deps.clock.now(), domain: 'localhost' });
  await enqueueDeliveries(ctx.deps.queues, queued.pendingIds);
  return { before, after };
}

describe('a session that moves', () => {
  it('sends everyone invited one update with the same UID, a higher SEQUENCE, and the old and new local times', async () => {
    const { people, sessions } = await invitedCohort();
    const { after } = await moveSession(sessions[0]!.id, '2026-07-14T21:00');
    await expect.poll(() => smtp.to(people.mexico.email).length).toBe(2);
    const update = smtp.to(people.mexico.email)[1]!;
    expect(update.subject).toBe('Cambio: Seoul bus reform ahora es martes, 14 de julio de 2026, 06:00 GMT-6');
    expect(update.text).toContain('Antes: lunes, 13 de julio de 2026, 18:00 GMT-6');
    expect(update.text).toContain('Ahora: martes, 14 de julio de 2026, 06:00 GMT-6');
    const ics = parseIcs(update.calendar!);
    expect(ics.method).toBe('REQUEST');
    expect(ics.events).toHaveLength(1);
    expect(ics.events[0]).toMatchObject({ uid: `session-${after.id}@localhost`, sequence: 1 });
    expect(ics.events[0]!.start.toISOString()).toBe('2026-07-14T12:00:00.000Z');
  });

  it('a cancellation sends METHOD:CANCEL for the same UID', async () => {
    const { people, sessions } = await invitedCohort();
    const session = sessions[1]!;
    await ctx.deps.db.updateTable('sessions').set({ status: 'cancelled', sequence: 1 }).where('id', '=', session.id).execute();
    const queued = await queueSessionChange(ctx.deps.db, { id: session.id, cohortId: session.cohort_id, sequence: 1, cancelled: true }, { startsAt: session.starts_at, endsAt: session.ends_at }, { now: ctx.deps.clock.now(), domain: 'localhost' });
    await enqueueDeliveries(ctx.deps.queues, queued.pendingIds);
    await expect.poll(() => smtp.to(people.montreal.email).length).toBe(2);
    const cancel = smtp.to(people.montreal.email)[1]!;
    expect(cancel.subject).toMatch(/^Annulée : Smart city platforms/);
    const ics = parseIcs(cancel.calendar!);
    expect(ics.method).toBe('CANCEL');
    expect(ics.events[0]).toMatchObject({ uid: `session-${session.id}@localhost`, sequence: 1, status: 'CANCELLED' });
  });
});

describe('changes made through the API after the invitations', () => {
  it('a new session, a move and a cancellation each reach everyone invited exactly once', async () => {
    const { coordinator, cohort, people, sessions } = await invitedCohort();
    const created = await coordinator.post(`/api/cohorts/${cohort.id}/sessions`, { kind: 'site_visit', title: 'Virtual visit: Cheonggyecheon', localStart: '2026-07-21T09:00', durationMinutes: 60 });
    expect(created.status).toBe(201);
    await expect.poll(() => smtp.to(people.mexico.email).length).toBe(2);
    const added = smtp.to(people.mexico.email)[1]!;
    expect(added.subject).toBe('Nueva sesión: Virtual visit: Cheonggyecheon el lunes, 20 de julio de 2026, 18:00 GMT-6');
    expect(parseIcs(added.calendar!).events[0]).toMatchObject({ uid: `session-${created.body.id}@localhost`, sequence: 0 });

    const moved = await coordinator.patch(`/api/sessions/${created.body.id}`, { localStart: '2026-07-21T10:00' });
    expect(moved.body.sequence).toBe(1);
    await expect.poll(() => smtp.to(people.montreal.email).length).toBe(3);
    expect(smtp.to(people.montreal.email)[2]!.text).toContain('Avant : lundi 20 juillet 2026 à 20 h 00 UTC−4');

    await coordinator.post(`/api/sessions/${created.body.id}/cancel`);
    await expect.poll(() => smtp.to(people.cairo.email).length).toBe(4);
    expect(parseIcs(smtp.to(people.cairo.email)[3]!.calendar!).method).toBe('CANCEL');

    const renamed = await coordinator.patch(`/api/sessions/${sessions[0]!.id}`, { title: 'Seoul bus reform (revised)' });
    expect(renamed.status).toBe(200);
    const messages = await ctx.deps.db.selectFrom('notifications').select(['kind', 'person_id']).where('cohort_id', '=', cohort.id).execute();
    // 3 invitations + 3 announcements + 3 updates + 3 cancellations; renaming alone mails nobody.
    expect(messages).toHaveLength(12);
  });
});

describe('the private calendar feed', () => {
  it('always reflects the current schedule, and a rotated URL stops working', async () => {
    const { people, sessions } = await invitedCohort();
    const participant = await signedInPerson(ctx, people.cairo.id);
    const { body } = await participant.get('/api/me/calendar-feed');
    const path = new URL(body.url).pathname;
    const feed = await ctx.client().get(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    expect(parseIcs(feed.text).events.map((e) => e.start.toISOString())).toEqual(sessions.map((s) => s.starts_at.toISOString()));

    await moveSession(sessions[0]!.id, '2026-07-14T10:00');
    const updated = parseIcs((await ctx.client().get(path)).text);
    expect(updated.events[0]!.start.toISOString()).toBe('2026-07-14T01:00:00.000Z');
    expect(updated.events[0]!.sequence).toBe(1);

    const rotated = await participant.post('/api/me/calendar-feed/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(body.url);
    expect((await ctx.client().get(path)).status).toBe(404);
    expect((await ctx.client().get(new URL(rotated.body.url).pathname)).status).toBe(200);
  });

  it('a wrong token or a malformed URL reveals nothing', async () => {
    const { people } = await invitedCohort();
    expect((await ctx.client().get(`/api/calendar/${people.mexico.id}/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics`)).status).toBe(404);
    expect((await ctx.client().get(`/api/calendar/${people.mexico.id}/short.ics`)).status).toBe(400);
    expect((await ctx.client().get('/api/me/calendar-feed')).status).toBe(401);
  });
});

describe('a newer time-zone database', () => {
  it('re-derives future instants that were computed with another version and bumps their sequence', async () => {
    const { sessions } = await invitedCohort();
    const session = sessions[0]!;
    // Pretend the instant was derived with an older database that put it an hour off.
    await ctx.deps.db
      .updateTable('sessions')
      .set({ tzdb_version: '2025c', starts_at: new Date(session.starts_at.getTime() - 3_600_000), ends_at: new Date(session.ends_at.getTime() - 3_600_000) })
      .where('id', '=', session.id)
      .execute();
    const result = await rederiveFutureInstants(ctx.deps.db, ctx.deps.clock.now());
    expect(result.moved.map((m) => m.id)).toEqual([session.id]);
    const stored = await ctx.deps.db.selectFrom('sessions').select(['starts_at', 'sequence', 'tzdb_version']).where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ starts_at: session.starts_at, sequence: 1, tzdb_version: process.versions.tz });
    expect((await rederiveFutureInstants(ctx.deps.db, ctx.deps.clock.now())).checked).toBe(0);
  });
});
