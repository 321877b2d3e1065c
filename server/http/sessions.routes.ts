import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import * as sessions from '../domain/sessions/sessions.service.ts';
import { CreateSessionInput, RecurringSessionsInput, SessionListQuery, SessionView, SessionWithNotices, UpdateSessionInput } from '../domain/sessions/sessions.schemas.ts';
import { dropReminders } from '../jobs/delivery.jobs.ts';
import { sessionChangeRunner } from './session-changes.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';

const tags = ['Sessions'];

export function sessionsRoutes(deps: Deps) {
  const router = createRouter();

  const change = sessionChangeRunner(deps);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/sessions',
      tags,
      summary: 'A cohort’s sessions, each in UTC, on the host’s wall clock and on the caller’s own',
      request: { params: IdParam, query: SessionListQuery },
      responses: { 200: jsonResponse('The sessions, by start', z.object({ items: z.array(SessionView) })), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => c.json({ items: await sessions.listSessions(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('query')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/sessions',
      tags,
      summary: 'Create a session from a wall-clock start in a zone and a duration',
      description: 'A start inside a spring-forward gap is refused (422) with `nearestValidTime`; a start in the fall-back hour takes the earlier instant and says so in `notices`.',
      request: { params: IdParam, body: jsonBody(CreateSessionInput) },
      responses: { 201: jsonResponse('Created', SessionWithNotices), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json((await change((trx, actor) => sessions.createSession(trx, actor, id, input), actorOf(c))).view, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/sessions/recurring',
      tags,
      summary: 'Create many sessions from a weekly pattern ("Tuesdays and Thursdays 09:00 Seoul")',
      request: { params: IdParam, body: jsonBody(RecurringSessionsInput) },
      responses: {
        201: jsonResponse('Created, all or none', z.object({ items: z.array(SessionView), notices: z.array(z.string()) })),
        400: problems[400],
        401: problems[401],
        403: problems[403],
        404: problems[404],
        409: problems[409],
        422: problems[422],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const result = await change((trx, actor) => sessions.createRecurringSessions(trx, actor, id, input), actorOf(c));
      return c.json({ items: result.sessions, notices: result.notices }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sessions/{id}',
      tags,
      summary: 'Read a session',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The session', SessionView), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => c.json(await sessions.getSession(deps.db, actorOf(c), c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/sessions/{id}',
      tags,
      summary: 'Change a session; its sequence grows, and a new time is mailed to everyone invited',
      request: { params: IdParam, body: jsonBody(UpdateSessionInput) },
      responses: { 200: jsonResponse('Updated', SessionWithNotices), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json((await change((trx, actor, now) => sessions.updateSession(trx, actor, id, input, now), actorOf(c))).view, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/cancel',
      tags,
      summary: 'Cancel a session; everyone invited gets a cancellation (METHOD:CANCEL)',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Cancelled', SessionWithNotices), 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json((await change((trx, actor, now) => sessions.cancelSession(trx, actor, id, now), actorOf(c))).view, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/sessions/{id}',
      tags,
      summary: 'Delete a session of a cohort that has not sent invitations',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      const deleted = await deps.db.transaction().execute((trx) => sessions.deleteSession(trx, actor, id));
      await dropReminders(deps.queues, deleted.session.id, deleted.session.sequence, deleted.reminderOffsets);
      return c.body(null, 204);
    },
  );

  return router;
}
