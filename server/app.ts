import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';
import type { AppEnv } from './http/env.ts';
import { handleError } from './http/errors.handler.ts';
import { csrfProtection, requestContext, sessionCookie } from './http/middleware.ts';
import { healthRoutes } from './http/health.routes.ts';
import { authRoutes } from './http/auth.routes.ts';
import { programmeRoutes } from './http/programmes.routes.ts';
import { webRoutes } from './http/web.routes.ts';
import { cohortsRoutes } from './http/cohorts.routes.ts';
import { sessionsRoutes } from './http/sessions.routes.ts';
import { peopleRoutes } from './http/people.routes.ts';
import { enrolmentsRoutes } from './http/enrolments.routes.ts';
import { rosterRoutes } from './http/roster.routes.ts';
import { meRoutes } from './http/me.routes.ts';
import { plannerRoutes } from './http/planner.routes.ts';
import { notificationsRoutes } from './http/notifications.routes.ts';
import { calendarRoutes } from './http/calendar.routes.ts';
import { discussionRoutes } from './http/discussion.routes.ts';
import { liveRoutes } from './http/live.routes.ts';
import { teamsRoutes } from './http/teams.routes.ts';
import { attendanceRoutes } from './http/attendance.routes.ts';
import { livekitWebhookRoutes } from './http/livekit-webhook.routes.ts';
import { certificatesRoutes } from './http/certificates.routes.ts';
import { verifyRoutes } from './http/verify.routes.ts';

const MAX_BODY_BYTES = 20 * 1024 * 1024; // a 10,000-row roster CSV is about 2 MB

/** The whole HTTP surface; it never listens, so tests call `app.request()` without a port. */
export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestContext(deps));
  app.onError(handleError);
  app.route('/', healthRoutes(deps));

  const api = new OpenAPIHono<AppEnv>();
  api.use('*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }));
  api.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new AppError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`); } }));
  api.use('*', sessionCookie(deps));
  api.use('*', csrfProtection(deps));
  api.route('/auth', authRoutes(deps));
  api.route('/programmes', programmeRoutes(deps));
  // These routers declare their full paths under /api (cohorts, sessions, people, enrolments, roster, me).
  for (const routes of [
    cohortsRoutes,
    sessionsRoutes,
    peopleRoutes,
    enrolmentsRoutes,
    rosterRoutes,
    meRoutes,
    plannerRoutes,
    notificationsRoutes,
    calendarRoutes,
    discussionRoutes,
    liveRoutes,
    teamsRoutes,
    attendanceRoutes,
    livekitWebhookRoutes,
    certificatesRoutes,
  ]) {
    api.route('/', routes(deps));
  }

  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'livecohort API', version: '0.1.0', description: 'Coordinator and participant API of livecohort.' },
    servers: [{ url: '/api' }],
  });
  api.get('/docs', Scalar({ url: '/api/openapi.json', pageTitle: 'livecohort API' }));
  app.route('/api', api);
  // Unknown API paths answer as the API does, not with the web app's page.
  app.all('/api/*', () => {
    throw new AppError('not_found', 'No such API route');
  });

  app.route('/', verifyRoutes(deps));
  app.route('/', webRoutes());
  return app;
}

export type App = ReturnType<typeof createApp>;
export type { Hono };
