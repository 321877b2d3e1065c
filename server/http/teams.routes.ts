import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { getCohortAccess } from '../domain/access/cohort-access.ts';
import { createTeam, createTeamsByCity, deleteTeam, listTeams, updateTeam } from '../domain/live/teams.service.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';

const Team = z
  .object({ id: z.uuid(), name: z.string(), members: z.array(z.object({ personId: z.uuid(), name: z.string(), city: z.string().nullable() })) })
  .openapi('Team');
const name = z.string().trim().min(1, 'required').max(100, 'at most 100 characters');
const personIds = z.array(z.uuid({ message: 'expected a person id (UUID)' })).max(500).refine((ids) => new Set(ids).size === ids.length, 'each person once');
const tags = ['Teams'];

export function teamsRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/teams',
      tags,
      summary: 'The cohort’s teams (city teams or topic groups) with their members',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Teams', z.object({ items: z.array(Team) })), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await getCohortAccess(deps.db, actorOf(c), id);
      return c.json({ items: await listTeams(deps.db, id) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/teams',
      tags,
      summary: 'Define a team of the cohort; it lasts the whole programme',
      request: { params: IdParam, body: jsonBody(z.object({ name, personIds: personIds.default([]) }).strict()) },
      responses: { 201: jsonResponse('Created', Team), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => c.json(await createTeam(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/teams/by-city',
      tags,
      summary: 'One team per participants’ city, for everyone not yet in a team',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Teams', z.object({ items: z.array(Team) })), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => c.json({ items: await createTeamsByCity(deps.db, actorOf(c), c.req.valid('param').id) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/teams/{id}',
      tags,
      summary: 'Rename a team or replace its members',
      request: {
        params: IdParam,
        body: jsonBody(
          z
            .object({ name: name.optional(), personIds: personIds.optional() })
            .strict()
            .refine((v) => v.name !== undefined || v.personIds !== undefined, { message: 'send name or personIds' }),
        ),
      },
      responses: { 200: jsonResponse('Team', Team), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => c.json(await updateTeam(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/teams/{id}',
      tags,
      summary: 'Delete a team',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) => {
      await deleteTeam(deps.db, actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return router;
}
