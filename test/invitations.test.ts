import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { startSmtpSink } from './harness/smtp-sink.ts';
import { countRows, createCohort, createPerson, createProgramme, enrol, signedInPerson, signedInStaff } from './harness/factories.ts';
import { createInvitableCohort, parseIcs } from './harness/notifications.factories.ts';
import { startWorkers } from '../worker/workers.ts';
import { deliverNotification } from '../server/domain/notifications/delivery.service.ts';
import { deliverySettingsFrom } from '../server/domain/notifications/delivery-settings.ts';
import { createMailer } from '../server/mail/mailer.ts';
import { messageIdFor, notificationKeys } from '../server/domain/notifications/outbox.service.ts';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let workers: ReturnType<typeof startWorkers>;

beforeAll(async () => {
  smtp = await startSmtpSink({ failFor: (address) => address.startsWith('bounce') });
  ctx = await createTestContext({ env: { SMTP_URL: smtp.url } });
  workers = startWorkers(ctx.deps);
});
afterAll(async () => {
  await workers.close();
  await ctx.close();
  await smtp.close();
});

describe('sending a cohort’s invitations', () => {
  it('e-mails every enrolled person once, in their language and their own local time, with an ICS that parses back to the same instants', async () => {
    const coordinator = await signedInStaff(ctx);
    const { cohort, people, sessions } = await createInvitableCohort(ctx);
    const before = smtp.received.length;
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ recipients: 3, created: 3, queued: 3 });
    await smtp.waitFor(before + 3);

    const [toMexico] = smtp.to(people.mexico.email);
    expect(toMexico!.subject).toBe('Invitación: Smart City Training Program (Online) (Smart City 2026)');
    // 09:00 on Tuesday 14 July in Seoul is 18:00 on Monday 13 July in Mexico City.
    expect(toMexico!.text).toMatch(/lunes, 13 de julio de 2026, 18:00 GMT-6/);
    expect(toMexico!.text).toContain('Seoul: 09:00');
    expect(toMexico!.text).toContain('UTC: 00:00');
    expect(toMexico!.text).toMatch(/http:\/\/localhost:3000\/sign-in#token=[\w-]{40,}/);
    expect(toMexico!.text).toMatch(/http:\/\/localhost:3000\/api\/calendar\/[\w-]+\/[\w-]+\.ics/);

    const [toMontreal] = smtp.to(people.montreal.email);
    expect(toMontreal!.subject).toMatch(/^Invitation : /);
    expect(toMontreal!.text).toContain('lundi 13 juillet 2026 à 20 h 00 UTC−4');
    expect(toMontreal!.text).toContain('du 13 juillet 2026 au 7 août 2026');

    const [toCairo] = smtp.to(people.cairo.email);
    expect(toCairo!.subject).toMatch(/^Invitation: /); // no Arabic catalogue yet: English
    expect(toCairo!.text).toMatch(/03:00/); // Cairo summer time, UTC+3

    const stored = await ctx.deps.db.selectFrom('notifications').select(['key', 'message_id']).where('person_id', '=', people.mexico.id).executeTakeFirstOrThrow();
    expect(stored.key).toBe(notificationKeys.invitation(cohort.id, people.mexico.id));
    expect(stored.message_id).toBe(messageIdFor(stored.key, 'invitation', 'localhost'));
    expect(toMexico!.messageId).toBe(stored.message_id);

    const ics = parseIcs(toMexico!.calendar!);
    expect(ics.method).toBe('REQUEST');
    expect(ics.events.map((e) => e.start.toISOString())).toEqual(sessions.map((s) => s.starts_at.toISOString()));
    expect(ics.events.map((e) => e.end.toISOString())).toEqual(sessions.map((s) => s.ends_at.toISOString()));
    expect(ics.events[0]!.uid).toBe(`session-${sessions[0]!.id}@localhost`);
    expect(ics.events[0]!.sequence).toBe(0);
    expect(ics.events[0]!.url).toBe(`http://localhost:3000/sessions/${sessions[0]!.id}`);
    expect(ics.events[0]!.attendees).toEqual([`mailto:${people.mexico.email}`]);

    // The relay accepted the mail a moment before the outbox row is marked.
    await expect
      .poll(() => ctx.deps.db.selectFrom('notifications').select(['state']).where('cohort_id', '=', cohort.id).execute().then((rows) => rows.map((r) => r.state)))
      .toEqual(['sent', 'sent', 'sent']);
  });

  it('sending again sends nothing new', async () => {
    const coordinator = await signedInStaff(ctx);
    const { cohort } = await createInvitableCohort(ctx);
    await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
    await expect.poll(() => ctx.deps.db.selectFrom('notifications').select('state').where('cohort_id', '=', cohort.id).where('state', '=', 'sent').execute().then((r) => r.length)).toBe(3);
    const again = await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
    expect(again.body).toEqual({ recipients: 3, created: 0, queued: 0 });
    expect(await ctx.deps.db.selectFrom('notifications').select('id').where('cohort_id', '=', cohort.id).execute()).toHaveLength(3);
  });

  it('a withdrawn or declined person gets nothing', async () => {
    const coordinator = await signedInStaff(ctx);
    const { cohort } = await createInvitableCohort(ctx);
    const withdrawn = await createPerson(ctx.deps.db, { city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo' });
    await enrol(ctx.deps.db, cohort.id, withdrawn.id, 'participant', 'withdrawn');
    const response = await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
    expect(response.body.recipients).toBe(3);
    expect(await ctx.deps.db.selectFrom('notifications').select('id').where('person_id', '=', withdrawn.id).execute()).toHaveLength(0);
  });

  it('a person who withdraws after the invitation was queued is skipped, not mailed', async () => {
    const { cohort, people } = await createInvitableCohort(ctx);
    const coordinator = await signedInStaff(ctx);
    await workers.close();
    try {
      await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
      await ctx.deps.db.updateTable('enrolments').set({ status: 'withdrawn' }).where('person_id', '=', people.cairo.id).execute();
    } finally {
      workers = startWorkers(ctx.deps);
    }
    await expect.poll(() => ctx.deps.db.selectFrom('notifications').select(['person_id', 'state']).where('cohort_id', '=', cohort.id).where('state', 'in', ['sent', 'skipped']).execute().then((r) => r.length)).toBe(3);
    const cairo = await ctx.deps.db.selectFrom('notifications').select(['state', 'last_error']).where('person_id', '=', people.cairo.id).executeTakeFirstOrThrow();
    expect(cairo).toEqual({ state: 'skipped', last_error: 'the person is withdrawn' });
    expect(smtp.to(people.cairo.email)).toHaveLength(0);
  });

  it('bad requests are refused and change nothing', async () => {
    const coordinator = await signedInStaff(ctx);
    const programme = await createProgramme(ctx.deps.db);
    const empty = await createCohort(ctx.deps.db, programme.id);
    const nobody = await coordinator.post(`/api/cohorts/${empty.id}/invitations`);
    expect(nobody.status).toBe(422);
    expect(nobody.body.errors[0].field).toBe('enrolments');
    const archived = await createCohort(ctx.deps.db, programme.id);
    await enrol(ctx.deps.db, archived.id, (await createPerson(ctx.deps.db)).id);
    await ctx.deps.db.updateTable('cohorts').set({ status: 'archived' }).where('id', '=', archived.id).execute();
    expect((await coordinator.post(`/api/cohorts/${archived.id}/invitations`)).status).toBe(409);
    expect((await coordinator.post('/api/cohorts/00000000-0000-4000-8000-000000000000/invitations')).status).toBe(404);
    expect((await coordinator.post('/api/cohorts/not-a-uuid/invitations')).status).toBe(400);
    const cohorts = await ctx.deps.db.selectFrom('cohorts').select('invitations_sent_at').where('id', 'in', [empty.id, archived.id]).execute();
    expect(cohorts.every((c) => c.invitations_sent_at === null)).toBe(true);
  });

  it('only coordinators send invitations', async () => {
    const { cohort, people } = await createInvitableCohort(ctx);
    const before = await countRows(ctx.deps.db, 'notifications');
    expect((await ctx.client().post(`/api/cohorts/${cohort.id}/invitations`)).status).toBe(401);
    const participant = await signedInPerson(ctx, people.mexico.id);
    expect((await participant.post(`/api/cohorts/${cohort.id}/invitations`)).status).toBe(403);
    expect((await participant.get(`/api/cohorts/${cohort.id}/deliveries`)).status).toBe(403);
    expect(await countRows(ctx.deps.db, 'notifications')).toBe(before);
  });
});

describe('deliveries', () => {
  it('a coordinator sees per person what was sent and what failed and why', async () => {
    const coordinator = await signedInStaff(ctx);
    const { cohort, people } = await createInvitableCohort(ctx);
    const bouncing = await createPerson(ctx.deps.db, { email: `bounce-${Date.now()}@maputo.test`, city: 'Maputo', country: 'MZ', timeZone: 'Africa/Maputo' });
    await enrol(ctx.deps.db, cohort.id, bouncing.id);
    await workers.close();
    try {
      await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
      const rows = await ctx.deps.db.selectFrom('notifications').select(['id', 'person_id']).where('cohort_id', '=', cohort.id).execute();
      const settings = deliverySettingsFrom(ctx.config);
      const mailer = createMailer(ctx.config);
      for (const row of rows) {
        // The last attempt: a failure is final and shows as failed.
        await deliverNotification({ db: ctx.deps.db, mailer, now: () => ctx.deps.clock.now() }, settings, row.id, { isFinal: true }).catch(() => undefined);
      }
      mailer.close();
    } finally {
      workers = startWorkers(ctx.deps);
    }
    const response = await coordinator.get(`/api/cohorts/${cohort.id}/deliveries`);
    expect(response.status).toBe(200);
    expect(response.body.summary).toMatchObject({ sent: 3, failed: 1 });
    const failed = response.body.people.find((p: { personId: string }) => p.personId === bouncing.id);
    expect(failed.messages[0]).toMatchObject({ kind: 'invitation', state: 'failed', attempts: 1 });
    expect(failed.messages[0].lastError).toContain('mailbox unavailable');
    const sent = response.body.people.find((p: { personId: string }) => p.personId === people.mexico.id);
    expect(sent.messages[0]).toMatchObject({ state: 'sent', lastError: null });
    const onlyFailed = await coordinator.get(`/api/cohorts/${cohort.id}/deliveries?state=failed`);
    expect(onlyFailed.body.people).toHaveLength(1);
    expect((await coordinator.get(`/api/cohorts/${cohort.id}/deliveries?state=lost`)).status).toBe(400);
    expect((await coordinator.get('/api/cohorts/00000000-0000-4000-8000-000000000000/deliveries')).status).toBe(404);
  });
});

describe('live delivery states', () => {
  it('the worker pushes every message’s state to coordinators connected to the staff channel', async () => {
    const { serve } = await import('@hono/node-server');
    const { createRealtime } = await import('../server/realtime/server.ts');
    const { connectWithCookie } = await import('./harness/sockets.ts');
    const http = await new Promise<import('node:http').Server>((resolve) => {
      const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as import('node:http').Server));
    });
    const realtime = createRealtime(http, ctx.deps);
    try {
      const coordinator = await signedInStaff(ctx);
      const socket = await connectWithCookie(`http://127.0.0.1:${(http.address() as import('node:net').AddressInfo).port}`, `lc_session=${coordinator.cookies.get('lc_session')}`);
      const states: { personId: string; state: string }[] = [];
      socket.on('delivery:updated', (update: { personId: string; state: string }) => states.push(update));
      const { cohort, people } = await createInvitableCohort(ctx);
      await coordinator.post(`/api/cohorts/${cohort.id}/invitations`);
      await expect.poll(() => states.filter((s) => s.state === 'sent').map((s) => s.personId).sort()).toEqual(Object.values(people).map((p) => p.id).sort());
      socket.disconnect();
    } finally {
      await realtime.close();
    }
  });
});
