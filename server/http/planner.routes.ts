import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { applyPlan } from '../domain/scheduling/plan-apply.service.ts';
import { planSessions } from '../domain/scheduling/planner.service.ts';
import { ApplyPlanInput, PlannerInput, PlanView } from '../domain/scheduling/planner.schemas.ts';
import { SessionWithNotices } from '../domain/sessions/sessions.schemas.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';
import { sessionChangeRunner } from './session-changes.ts';

const tags = ['Planner'];

/** Mounted at /api; the paths are full. */
export function plannerRoutes(deps: Deps) {
  const router = createRouter();
  const change = sessionChangeRunner(deps);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/planner',
      tags,
      summary: 'Rank start times for everyone enrolled; propose a fair rotation when no time suits every city',
      description:
        'Read-only. Each candidate lists, per session date, every person’s local date, time and weekday, whether it is inside their preferred hours, on their weekend or a public holiday; `score` is person-minutes outside preferred hours. Warnings never block.',
      request: { params: IdParam, body: jsonBody(PlannerInput) },
      responses: {
        200: jsonResponse('Candidates, best first, and the rotation', PlanView),
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
      summary: 'Create the sessions of a chosen candidate or rotation, all or none',
      description: 'A lecturer already teaching an overlapping session of another cohort blocks it (409, `conflicts`); a time the clocks skip is refused (422, `nearestValidTime`).',
      request: { params: IdParam, body: jsonBody(ApplyPlanInput) },
      responses: {
        201: jsonResponse('Created', z.object({ items: z.array(SessionWithNotices) })),
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
      const result = await change((trx, actor) => applyPlan(trx, actor, id, input), actorOf(c));
      return c.json({ items: result.sessions }, 201);
    },
  );

  return router;
}
