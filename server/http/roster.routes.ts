import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { importRoster } from '../domain/roster/roster.service.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonResponse, problems } from './openapi.ts';

const RosterResult = z
  .object({
    rows: z.number().int(),
    peopleCreated: z.number().int(),
    peopleUpdated: z.number().int(),
    enrolmentsCreated: z.number().int(),
    enrolmentsUpdated: z.number().int(),
    canonicalisedZones: z.array(z.object({ row: z.number().int(), from: z.string(), to: z.string() })),
  })
  .openapi('RosterResult');

export function rosterRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/cohorts/{id}/roster',
      tags: ['Enrolments'],
      summary: 'Import a roster CSV: all rows or none',
      description:
        'Columns: name, name_native, email, city, country, time_zone, locale, organisation, position, role (name, email, country and time_zone required). Send the file as text/csv, or as multipart/form-data in a field named "file". When any row is wrong nothing is imported and `errors` lists every problem with its row and column.',
      request: { params: IdParam, body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
      responses: { 200: jsonResponse('Imported', RosterResult), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => {
      const actor = actorOf(c);
      const type = c.req.header('content-type') ?? '';
      let csv: string;
      if (type.startsWith('multipart/form-data')) {
        const file = (await c.req.parseBody())['file'];
        if (!(file instanceof File)) throw invalid('Send the roster in a form field named "file"', [{ field: 'file', message: 'missing' }]);
        csv = await file.text();
      } else if (type.startsWith('text/csv') || type.startsWith('text/plain')) {
        csv = await c.req.text();
      } else {
        throw invalid('Send the roster as text/csv or multipart/form-data', [{ field: 'content-type', message: `unsupported: ${type || 'none'}` }]);
      }
      return c.json(await importRoster(deps.db, actor, c.req.valid('param').id, csv, deps.clock.now()), 200);
    },
  );

  return router;
}
