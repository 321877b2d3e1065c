import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { createWebhookIntake } from '../domain/attendance/webhook-intake.ts';
import { createWebhookVerifier } from '../livekit/webhooks.ts';
import { createRouter, jsonResponse, problems } from './openapi.ts';

export function livekitWebhookRoutes(deps: Deps) {
  const router = createRouter();
  const verify = createWebhookVerifier(deps.config);
  const intake = createWebhookIntake(deps);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/livekit/webhook',
      tags: ['Live sessions'],
      summary: 'LiveKit’s webhook: verified on the raw body, stored once by event id, processed by the worker',
      description:
        'Called by the LiveKit server, not by people. `Authorization` is the bare JWT LiveKit signs with the API secret; its `sha256` claim must be the base64 SHA-256 of the body. The answer comes at once; a repeat of a stored event is acknowledged and ignored.',
      responses: {
        200: jsonResponse('Accepted', z.object({ id: z.string(), duplicate: z.boolean() })),
        400: problems[400],
        401: problems[401],
      },
    }),
    async (c) => {
      const raw = await c.req.text();
      const checked = await verify(raw, c.req.header('authorization'));
      if (!checked.ok) {
        // Nothing is stored and nothing enqueued for a refused call: a log line is its only trace.
        c.get('log').warn({ reason: checked.reason, status: checked.status }, 'LiveKit webhook refused');
        throw new AppError(checked.status === 401 ? 'unauthenticated' : 'invalid_request', checked.status === 401 ? `Webhook signature refused: ${checked.reason}` : `Webhook refused: ${checked.reason}`);
      }
      const stored = await intake.receive(checked.event, checked.json);
      return c.json({ id: checked.event.id, duplicate: !stored }, 200);
    },
  );

  return router;
}
