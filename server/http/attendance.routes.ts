import { createRoute, z } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../deps.ts';
import { attendanceCsvRows, attendanceSettingsFrom, cohortAttendance, overrideAttendance, personSessionAttendance } from '../domain/attendance/attendance.service.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';

const Override = z.object({ minutes: z.number().int(), reason: z.string(), by: z.string(), at: z.iso.datetime() }).openapi('AttendanceOverride');
const Cell = z
  .object({
    personId: z.uuid(),
    sessionId: z.uuid(),
    minutesPresent: z.number().describe('computed from the evidence'),
    secondsPresent: z.number().int(),
    share: z.number().describe('of the scheduled duration'),
    firstJoin: z.iso.datetime().nullable(),
    lastLeave: z.iso.datetime().nullable(),
    override: Override.nullable().describe('a coordinator’s decision, shown beside the computed value'),
    effectiveMinutes: z.number(),
  })
  .openapi('AttendanceCell');
const Matrix = z
  .object({
    cohortId: z.uuid(),
    computedAt: z.iso.datetime(),
    scheduledMinutes: z.number().int(),
    sessions: z.array(z.object({ id: z.uuid(), title: z.string(), startsAt: z.iso.datetime(), durationMinutes: z.number().int(), status: z.string() })),
    people: z.array(z.object({ personId: z.uuid(), name: z.string(), city: z.string().nullable(), country: z.string(), cells: z.array(Cell), totalMinutes: z.number(), share: z.number() })),
  })
  .openapi('AttendanceMatrix');
const PersonSession = z.object({ ...IdParam.shape, personId: z.uuid({ message: 'expected a person id (UUID)' }).openapi({ param: { name: 'personId', in: 'path' } }) });
const tags = ['Attendance'];

export function attendanceRoutes(deps: Deps) {
  const router = createRouter();
  const settings = attendanceSettingsFrom(deps.config);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/attendance',
      tags,
      summary: 'Participants × sessions so far: minutes present per cell, computed from the evidence (coordinators see everyone, participants themselves); `format=csv` for a spreadsheet',
      request: { params: IdParam, query: z.object({ format: z.enum(['json', 'csv']).default('json').openapi({ param: { name: 'format', in: 'query' } }) }) },
      responses: {
        200: { description: 'The matrix', content: { 'application/json': { schema: Matrix }, 'text/csv': { schema: z.string() } } },
        400: problems[400],
        401: problems[401],
        404: problems[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const matrix = await cohortAttendance(deps.db, actorOf(c), id, settings, deps.clock.now());
      if (c.req.valid('query').format === 'json') return c.json(matrix, 200);
      // A BOM so spreadsheet programs read names in every script as UTF-8.
      const csv = `\uFEFF${stringify(attendanceCsvRows(matrix))}`;
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="attendance-${id}.csv"` });
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sessions/{id}/attendance/{personId}',
      tags,
      summary: 'One person in one session: minutes present, first join, last leave, and every credited stretch with the evidence it rests on',
      request: { params: PersonSession },
      responses: {
        200: jsonResponse(
          'Attendance',
          Cell.extend({
            scheduled: z.object({ startsAt: z.iso.datetime(), endsAt: z.iso.datetime(), durationMinutes: z.number().int() }),
            segments: z.array(z.object({ from: z.iso.datetime(), to: z.iso.datetime(), minutes: z.number(), basis: z.array(z.enum(['webhook', 'poll', 'poll_interpolated', 'presence', 'reconnect_grace'])) })),
            overrideHistory: z.array(Override),
          }),
        ),
        400: problems[400],
        401: problems[401],
        404: problems[404],
      },
    }),
    async (c) => {
      const { id, personId } = c.req.valid('param');
      return c.json(await personSessionAttendance(deps.db, actorOf(c), id, personId, settings, deps.clock.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/attendance/{personId}/override',
      tags,
      summary: 'Override a person’s attendance with a reason; recorded and shown beside the computed value, never replacing it',
      request: {
        params: PersonSession,
        body: jsonBody(z.object({ minutes: z.number().int().min(0, 'at least 0'), reason: z.string().trim().min(3, 'say why, in a few words').max(500, 'at most 500 characters') }).strict()),
      },
      responses: { 201: jsonResponse('Recorded', Cell), 400: problems[400], 401: problems[401], 404: problems[404], 422: problems[422] },
    }),
    async (c) => {
      const { id, personId } = c.req.valid('param');
      const actor = actorOf(c);
      const now = deps.clock.now();
      await overrideAttendance(deps.db, actor, id, personId, c.req.valid('json'), now);
      const detail = await personSessionAttendance(deps.db, actor, id, personId, settings, now);
      return c.json(Cell.parse(detail), 201);
    },
  );

  return router;
}
