import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { invalid } from '../errors.ts';
import { getCalendarFeedUrl, renderCalendarFeed, rotateCalendarFeed } from '../domain/notifications/calendar-feed.service.ts';
import { deliverySettingsFrom } from '../domain/notifications/delivery-settings.ts';
import { actorOf } from './middleware.ts';
import { createRouter, jsonResponse, problems } from './openapi.ts';

const tags = ['Calendar'];
const FeedUrl = z.object({ url: z.url() }).openapi('CalendarFeed');

export function calendarRoutes(deps: Deps) {
  const router = createRouter();
  const settings = () => deliverySettingsFrom(deps.config);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/calendar/{personId}/{file}',
      tags,
      summary: 'A person’s private calendar feed (iCalendar); the secret token in the URL is the credential',
      request: { params: z.object({ personId: z.uuid({ message: 'expected a UUID' }), file: z.string().regex(/^[A-Za-z0-9_-]{16,64}\.ics$/, 'expected <token>.ics') }) },
      responses: { 200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } }, 400: problems[400], 404: problems[404] },
    }),
    async (c) => {
      const { personId, file } = c.req.valid('param');
      const token = file.slice(0, -'.ics'.length);
      if (!token) throw invalid('No token in the calendar URL');
      const body = await renderCalendarFeed(deps.db, settings(), personId, token, deps.clock.now());
      return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, max-age=300' });
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me/calendar-feed',
      tags,
      summary: 'The signed-in person’s private calendar-feed URL',
      responses: { 200: jsonResponse('The feed URL', FeedUrl), 401: problems[401] },
    }),
    async (c) => c.json({ url: await getCalendarFeedUrl(deps.db, settings(), actorOf(c).personId) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/calendar-feed/rotate',
      tags,
      summary: 'Revoke the current calendar-feed URL and get a new one',
      responses: { 200: jsonResponse('The new feed URL', FeedUrl), 401: problems[401], 403: problems[403] },
    }),
    async (c) => c.json({ url: await rotateCalendarFeed(deps.db, settings(), actorOf(c).personId) }, 200),
  );

  return router;
}
