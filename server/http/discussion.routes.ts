import { createRoute, z } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { getRoomAccess } from '../domain/discussion/room-access.ts';
import { listQuestions } from '../domain/discussion/questions.service.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, problems } from './openapi.ts';

const Question = z
  .object({
    id: z.uuid(),
    sessionId: z.uuid(),
    body: z.string(),
    agendaItem: z.string().nullable(),
    status: z.enum(['open', 'answered', 'answered_live', 'dismissed']),
    pinned: z.boolean(),
    votes: z.number().int(),
    anonymous: z.boolean(),
    authorId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Question');

export function discussionRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sessions/{id}/questions',
      tags: ['Discussion'],
      summary: 'Export a session’s questions and answers (coordinators and the cohort’s lecturers), as JSON or CSV',
      request: { params: IdParam, query: z.object({ format: z.enum(['json', 'csv']).default('json').openapi({ param: { name: 'format', in: 'query' } }), sort: z.enum(['votes', 'time']).default('time').openapi({ param: { name: 'sort', in: 'query' } }) }) },
      responses: {
        200: { description: 'The questions', content: { 'application/json': { schema: z.object({ items: z.array(Question) }) }, 'text/csv': { schema: z.string() } } },
        400: problems[400],
        401: problems[401],
        403: problems[403],
        404: problems[404],
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      const { format, sort } = c.req.valid('query');
      const access = await getRoomAccess(deps.db, actor, { type: 'session', sessionId: id });
      if (!access.canModerate) throw new AppError('forbidden', 'Only coordinators and the cohort’s lecturers export questions');
      const items = await listQuestions(deps.db, actor, id, sort);
      if (format === 'json') return c.json({ items }, 200);
      const csv = stringify(items, {
        header: true,
        columns: ['createdAt', 'status', 'pinned', 'votes', 'agendaItem', 'body', 'anonymous', 'authorName', 'authorId', 'id'],
      });
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="questions-${id}.csv"` });
    },
  );

  return router;
}
