import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import * as enrolments from '../domain/enrolments/enrolments.service.ts';
import { CreateEnrolmentInput, EnrolmentListQuery, EnrolmentView, UpdateEnrolmentInput } from '../domain/enrolments/enrolments.schemas.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, PageQuery, pageOf, problems } from './openapi.ts';

const tags = ['Enrolments'];

export function enrolmentsRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cohorts/{id}/enrolments',
      tags,
      summary: 'The cohort’s roster (coordinators and its lecturers)',
      request: { params: IdParam, query: PageQuery.extend(EnrolmentListQuery.shape) },
      responses: { 200: jsonResponse('A page of enrolments', pageOf(EnrolmentView)), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404] },
    }),
    async (c) => {
      const { limit, offset, ...filter } = c.req.valid('query');
      return c.json(await enrolments.listEnrolments(deps.db, actorOf(c), c.req.valid('param').id, filter, { limit, offset }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/enrolments',
      tags,
      summary: 'Enrol a person in a cohort with a role',
      request: { params: IdParam, body: jsonBody(CreateEnrolmentInput) },
      responses: { 201: jsonResponse('Enrolled', EnrolmentView), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => c.json(await enrolments.enrolPerson(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/enrolments/{id}',
      tags,
      summary: 'Change an enrolment (coordinators; a person may confirm, decline and set their own hours)',
      request: { params: IdParam, body: jsonBody(UpdateEnrolmentInput) },
      responses: { 200: jsonResponse('Updated', EnrolmentView), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const enrolment = await enrolments.updateEnrolment(deps.db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.clock.now());
      // A withdrawn person's open sockets are closed; on reconnecting they can enter only what they may.
      if (enrolment.status === 'withdrawn') deps.live.disconnectPerson(enrolment.person.id);
      return c.json(enrolment, 200);
    },
  );

  return router;
}
