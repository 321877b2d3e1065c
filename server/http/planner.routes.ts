import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { applyPlan, planSessions } from '../domain/scheduling/planner.service.ts';
import { ApplyPlanInput, PlannerInput } from '../domain/scheduling/planner.schemas.ts';
import { SessionWithNotices } from '../domain/sessions/sessions.schemas.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';
import { sessionChangeRunner } from './session-changes.ts';

const tags = ['Planner'];
const PersonAtSession = z.object({ personId: z.uuid(), name: z.string(), city: z.string(), localDate: z.string(), localTime: z.string(), weekday: z.number().int(), insidePreferredHours: z.boolean(), minutesOutside: z.number().int(), onWeekend: z.boolean(), onHoliday: z.string().nullable() });
const CitySummary = z.object({ city: z.string(), country: z.string(), timeZone: z.string(), participants: z.number().int(), sessionsOutsideHoursShare: z.number(), weekendHits: z.number().int(), holidayHits: z.number().int(), localTimes: z.array(z.string()) });
const Candidate = z
  .object({
    hostTime: z.string(),
    weekdays: z.array(z.number().int()),
    score: z.number().int().describe('person-minutes outside preferred hours, over all sessions'),
    weekendOrHolidayHits: z.number().int(),
    sessions: z.array(z.object({ hostLocalStart: z.string(), startsAt: z.string(), people: z.array(PersonAtSession) })),
    cities: z.array(CitySummary),
    warnings: z.array(z.string()),
  })
  .openapi('PlannerCandidate');
const Rotation = z
  .object({
    sessions: z.array(z.object({ hostLocalStart: z.string(), startsAt: z.string(), hostTime: z.string() })),
    cities: z.array(z.object({ city: z.string(), sessionsOutsideHoursShare: z.number(), localTimes: z.array(z.string()) })),
    worstCityShare: z.number(),
    personMinutesOutside: z.number().int(),
    bestSingleTimeWorstCityShare: z.number(),
    method: z.enum(['exhaustive', 'local-search']),
  })
  .openapi('PlannerRotation');

export function plannerRoutes(deps: Deps) {
  const router = createRouter();
  const change = sessionChangeRunner(deps);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/planner',
      tags,
      summary: 'Rank start times for everyone enrolled; propose a fair rotation when no time suits all',
      request: { params: IdParam, body: jsonBody(PlannerInput) },
      responses: {
        200: jsonResponse('Candidates, best first, and the rotation', z.object({ hostTimeZone: z.string(), participants: z.number().int(), candidates: z.array(Candidate), rotation: Rotation.nullable() })),
        400: problems[400],
        401: problems[401],
        403: problems[403],
        404: problems[404],
        422: problems[422],
      },
    }),
    async (c) => c.json(await planSessions(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/planner/apply',
      tags,
      summary: 'Create the sessions of a chosen candidate or rotation (a lecturer clash blocks, warnings do not)',
      request: { params: IdParam, body: jsonBody(ApplyPlanInput) },
      responses: { 201: jsonResponse('Created, all or none', z.object({ items: z.array(SessionWithNotices) })), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const result = await change((trx, actor) => applyPlan(trx, actor, id, input), actorOf(c));
      return c.json({ items: result.sessions }, 201);
    },
  );

  return router;
}
