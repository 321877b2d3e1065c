import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import * as cohorts from '../domain/cohorts/cohorts.service.ts';
import { CohortListQuery, CohortView, CreateCohortInput, UpdateCohortInput } from '../domain/cohorts/cohorts.schemas.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, PageQuery, pageOf, problems } from './openapi.ts';

const tags = ['Cohorts'];

export function cohortsRoutes(deps: Deps) {
  const router = createRouter();
  const inTransaction = <T>(work: (trx: Deps['db']) => Promise<T>) => deps.db.transaction().execute(work);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts',
      tags,
      summary: 'List cohorts (staff: all; others: their own), filtered by status, programme and dates',
      request: { query: PageQuery.extend(CohortListQuery.shape) },
      responses: { 200: jsonResponse('A page of cohorts', pageOf(CohortView)), 400: problems[400], 401: problems[401] },
    }),
    async (c) => {
      const { limit, offset, ...filter } = c.req.valid('query');
      return c.json(await cohorts.listCohorts(deps.db, actorOf(c), filter, { limit, offset }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts',
      tags,
      summary: 'Create a cohort of a programme',
      request: { body: jsonBody(CreateCohortInput) },
      responses: { 201: jsonResponse('Created', CohortView), 400: problems[400], 401: problems[401], 403: problems[403], 422: problems[422] },
    }),
    async (c) => c.json(await cohorts.createCohort(deps.db, actorOf(c), c.req.valid('json')), 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}',
      tags,
      summary: 'Read a cohort with its counts',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The cohort', CohortView), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => c.json(await cohorts.getCohort(deps.db, actorOf(c), c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/cohorts/{id}',
      tags,
      summary: 'Change a cohort (its status only moves forward)',
      request: { params: IdParam, body: jsonBody(UpdateCohortInput) },
      responses: { 200: jsonResponse('Updated', CohortView), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 422: problems[422] },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await inTransaction((trx) => cohorts.updateCohort(trx, actor, id, input, deps.clock.now())), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/archive',
      tags,
      summary: 'Archive a cohort: kept with its history, hidden from default lists',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Archived', CohortView), 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      return c.json(await inTransaction((trx) => cohorts.archiveCohort(trx, actor, id, deps.clock.now())), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/cohorts/{id}',
      tags,
      summary: 'Delete a cohort that never sent invitations (with its sessions and enrolments)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      await inTransaction((trx) => cohorts.deleteCohort(trx, actor, id));
      return c.body(null, 204);
    },
  );

  return router;
}
