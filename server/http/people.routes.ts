import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import * as people from '../domain/people/people.service.ts';
import { CreatePersonInput, PeopleListQuery, PersonView, UpdatePersonInput } from '../domain/people/people.schemas.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, PageQuery, pageOf, problems } from './openapi.ts';

const tags = ['People'];

export function peopleRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/people',
      tags,
      summary: 'List people (coordinators), by name or e-mail, country or cohort',
      request: { query: PageQuery.extend(PeopleListQuery.shape) },
      responses: { 200: jsonResponse('A page of people', pageOf(PersonView)), 400: problems[400], 401: problems[401], 403: problems[403] },
    }),
    async (c) => {
      const { limit, offset, ...filter } = c.req.valid('query');
      return c.json(await people.listPeople(deps.db, actorOf(c), filter, { limit, offset }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/people',
      tags,
      summary: 'Add a person (an official, lecturer, interpreter or observer)',
      request: { body: jsonBody(CreatePersonInput) },
      responses: { 201: jsonResponse('Created', PersonView), 400: problems[400], 401: problems[401], 403: problems[403], 409: problems[409] },
    }),
    async (c) => c.json(await people.createPerson(deps.db, actorOf(c), c.req.valid('json')), 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/people/{id}',
      tags,
      summary: 'Read a person (coordinators, or the person themself)',
      request: { params: IdParam },
      responses: { 200: jsonResponse('The person', PersonView), 400: problems[400], 401: problems[401], 404: problems[404] },
    }),
    async (c) => c.json(await people.getPerson(deps.db, actorOf(c), c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/people/{id}',
      tags,
      summary: 'Change a person',
      request: { params: IdParam, body: jsonBody(UpdatePersonInput) },
      responses: { 200: jsonResponse('Updated', PersonView), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => c.json(await people.updatePerson(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.clock.now()), 200),
  );

  return router;
}
