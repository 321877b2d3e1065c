import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import * as programmes from '../domain/programmes/programmes.service.ts';
import { CreateProgrammeInput, ProgrammeListQuery, ProgrammeView, UpdateProgrammeInput } from '../domain/programmes/programmes.schemas.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, PageQuery, pageOf, problems } from './openapi.ts';

const tags = ['Programmes'];

export function programmeRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/',
      tags,
      summary: 'List programmes (staff: all; others: the ones they are enrolled in)',
      request: { query: PageQuery.extend(ProgrammeListQuery.shape) },
      responses: { 200: jsonResponse('A page of programmes', pageOf(ProgrammeView)), 400: problems[400], 401: problems[401] },
    }),
    async (c) => {
      const { limit, offset, ...filter } = c.req.valid('query');
      return c.json(await programmes.listProgrammes(deps.db, actorOf(c), filter, { limit, offset }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/',
      tags,
      summary: 'Create a programme',
      request: { body: jsonBody(CreateProgrammeInput) },
      responses: { 201: jsonResponse('Created', ProgrammeView), 400: problems[400], 401: problems[401], 403: problems[403] },
    }),
    async (c) => c.json(await programmes.createProgramme(deps.db, actorOf(c), c.req.valid('json')), 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      tags,
      summary: 'Read a programme',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The programme', ProgrammeView), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => c.json(await programmes.getProgramme(deps.db, actorOf(c), c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      tags,
      summary: 'Change a programme',
      request: { params: IdParam, body: jsonBody(UpdateProgrammeInput) },
      responses: { 200: jsonResponse('Updated', ProgrammeView), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) =>
      c.json(await programmes.updateProgramme(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.clock.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/{id}/archive',
      tags,
      summary: 'Archive a programme (kept with its history, hidden from default lists)',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Archived', ProgrammeView), 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) => c.json(await programmes.archiveProgramme(deps.db, actorOf(c), c.req.valid('param').id, deps.clock.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      tags,
      summary: 'Delete a programme that never had a cohort',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => {
      await programmes.deleteProgramme(deps.db, actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return router;
}
