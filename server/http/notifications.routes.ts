import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { queueInvitations } from '../domain/notifications/outbox.service.ts';
import { listDeliveries, setReminderOffsets } from '../domain/notifications/deliveries.service.ts';
import { deliverySettingsFrom } from '../domain/notifications/delivery-settings.ts';
import { dropReminders, enqueueDeliveries, scheduleReminders } from '../jobs/delivery.jobs.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';

const tags = ['Invitations and reminders'];
const states = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
const kinds = ['invitation', 'reminder', 'update', 'cancellation', 'certificate_issued', 'missed_session'] as const;

const InvitationResult = z.object({ recipients: z.number().int(), created: z.number().int(), queued: z.number().int() }).openapi('InvitationResult');
const Message = z.object({
  id: z.uuid(),
  kind: z.enum(kinds),
  sessionId: z.uuid().nullable(),
  sequence: z.number().int().nullable(),
  state: z.enum(states),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});
const Deliveries = z
  .object({
    summary: z.record(z.enum(states), z.number().int()),
    people: z.array(z.object({ personId: z.uuid(), name: z.string(), email: z.string(), messages: z.array(Message) })),
  })
  .openapi('Deliveries');
const ReminderOffsets = z.object({
  offsetsMinutes: z.array(z.number().int().positive('must be a positive number of minutes')).min(1, 'give at least one offset').max(10),
});

export function notificationsRoutes(deps: Deps) {
  const router = createRouter();
  const domain = () => deliverySettingsFrom(deps.config).domain;

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/invitations',
      tags,
      summary: 'E-mail every invited or confirmed person their invitation, once',
      description: 'Idempotent: a person who already got (or is getting) the invitation is not sent another one.',
      request: { params: IdParam },
      responses: { 202: jsonResponse('Queued for sending', InvitationResult), 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const result = await deps.db.transaction().execute((trx) => queueInvitations(trx, actorOf(c), c.req.valid('param').id, { now: deps.clock.now(), domain: domain() }));
      await enqueueDeliveries(deps.queues, result.pendingIds);
      return c.json({ recipients: result.recipients, created: result.created, queued: result.pendingIds.length }, 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/deliveries',
      tags,
      summary: 'What was sent to each person, what is pending, what failed and why',
      request: { params: IdParam, query: z.object({ state: z.enum(states).optional(), kind: z.enum(kinds).optional() }) },
      responses: { 200: jsonResponse('Deliveries per person', Deliveries), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) => c.json((await listDeliveries(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('query'))) as z.infer<typeof Deliveries>, 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/cohorts/{id}/reminder-offsets',
      tags,
      summary: 'Set how long before each session reminders go out (default 24 h and 15 min)',
      request: { params: IdParam, body: jsonBody(ReminderOffsets) },
      responses: { 200: jsonResponse('The offsets now in force', ReminderOffsets), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
    }),
    async (c) => {
      const cohortId = c.req.valid('param').id;
      const now = deps.clock.now();
      const result = await setReminderOffsets(deps.db, actorOf(c), cohortId, c.req.valid('json').offsetsMinutes, now);
      const sessions = await deps.db.selectFrom('sessions').select(['id', 'starts_at', 'sequence', 'status']).where('cohort_id', '=', cohortId).where('starts_at', '>', now).execute();
      for (const session of sessions) await dropReminders(deps.queues, session.id, session.sequence, result.previous);
      await scheduleReminders(deps.queues, sessions.map((s) => ({ id: s.id, startsAt: s.starts_at, sequence: s.sequence, status: s.status })), result.offsetsMinutes, now);
      return c.json({ offsetsMinutes: result.offsetsMinutes }, 200);
    },
  );

  return router;
}
