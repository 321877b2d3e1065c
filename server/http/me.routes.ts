import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { joinOpensAt } from '../domain/live/join.service.ts';
import { notFound } from '../errors.ts';
import { listMyEnrolments, listMySessions } from '../domain/me/me.repository.ts';
import { findPerson } from '../domain/people/people.repository.ts';
import { toPersonView } from '../domain/people/people.service.ts';
import { PersonView } from '../domain/people/people.schemas.ts';
import { LocalView, sessionKinds, sessionStatuses } from '../domain/sessions/sessions.schemas.ts';
import { dayBounds, viewInZone } from '../time/instants.ts';
import { actorOf } from './middleware.ts';
import { createRouter, jsonResponse, problems } from './openapi.ts';

const tags = ['Me'];
const MySession = z
  .object({
    id: z.uuid(),
    cohortId: z.uuid(),
    cohortTitle: z.string(),
    kind: z.enum(sessionKinds),
    title: z.string(),
    status: z.enum(sessionStatuses),
    sequence: z.number().int(),
    durationMinutes: z.number().int(),
    role: z.string(),
    start: z.object({ utc: z.iso.datetime(), own: LocalView, host: LocalView }),
    end: z.object({ utc: z.iso.datetime() }),
    joinOpensAt: z.iso.datetime().describe('from when POST /api/sessions/{id}/join answers (JOIN_WINDOW_MINUTES before the start)'),
  })
  .openapi('MySession');
const MySessionsQuery = z.object({
  includeCancelled: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').openapi({ param: { name: 'includeCancelled', in: 'query' } }),
  from: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional().openapi({ param: { name: 'from', in: 'query' }, description: 'a day in your own zone' }),
  to: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional().openapi({ param: { name: 'to', in: 'query' } }),
});

export function meRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me/sessions',
      tags,
      summary: 'My sessions, each start shown in my zone, in the host zone and in UTC',
      request: { query: MySessionsQuery },
      responses: { 200: jsonResponse('My sessions, by start', z.object({ timeZone: z.string(), serverTime: z.iso.datetime(), items: z.array(MySession) })), 400: problems[400], 401: problems[401] },
    }),
    async (c) => {
      const actor = actorOf(c);
      const query = c.req.valid('query');
      const zone = query.from || query.to ? (await findPerson(deps.db, actor.personId))?.time_zone ?? 'UTC' : undefined;
      const rows = await listMySessions(deps.db, actor.personId, {
        includeCancelled: query.includeCancelled,
        fromInstant: query.from ? dayBounds(query.from, zone!).start : undefined,
        toInstant: query.to ? dayBounds(query.to, zone!).end : undefined,
      });
      const items = rows.map((row) => ({
        id: row.id,
        cohortId: row.cohort_id,
        cohortTitle: row.cohort_title,
        kind: row.kind,
        title: row.title,
        status: row.status,
        sequence: row.sequence,
        durationMinutes: row.duration_minutes,
        role: row.role,
        start: { utc: row.starts_at.toISOString(), own: viewInZone(row.starts_at, row.own_time_zone), host: viewInZone(row.starts_at, row.host_time_zone) },
        end: { utc: row.ends_at.toISOString() },
        joinOpensAt: joinOpensAt(row.starts_at, deps.config.JOIN_WINDOW_MINUTES).toISOString(),
      }));
      // The server's clock, so a page on a computer whose clock is wrong still counts down correctly.
      return c.json({ timeZone: rows[0]?.own_time_zone ?? zone ?? 'UTC', serverTime: deps.clock.now().toISOString(), items }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags,
      summary: 'My profile and my enrolments',
      responses: {
        200: jsonResponse(
          'Me',
          z.object({
            person: PersonView,
            staffRole: z.enum(['admin', 'coordinator']).nullable(),
            enrolments: z.array(z.object({ id: z.uuid(), cohortId: z.uuid(), cohortTitle: z.string(), firstDay: z.string(), lastDay: z.string(), hostTimeZone: z.string(), role: z.string(), status: z.string(), preferredStart: z.string(), preferredEnd: z.string(), interpretationLanguage: z.string().nullable().describe('the remembered listening language (interpreters: the one they speak into)') })),
          }),
        ),
        401: problems[401],
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const person = await findPerson(deps.db, actor.personId);
      if (!person) throw notFound('Person');
      const enrolments = await listMyEnrolments(deps.db, actor.personId);
      return c.json(
        {
          person: toPersonView(person),
          staffRole: actor.staffRole,
          enrolments: enrolments.map((e) => ({
            id: e.id,
            cohortId: e.cohort_id,
            cohortTitle: e.title,
            firstDay: e.first_day,
            lastDay: e.last_day,
            hostTimeZone: e.host_time_zone,
            role: e.role,
            status: e.status,
            preferredStart: e.preferred_start.slice(0, 5),
            preferredEnd: e.preferred_end.slice(0, 5),
            interpretationLanguage: e.interpretation_language,
          })),
        },
        200,
      );
    },
  );

  return router;
}
