import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { decideJoin } from '../domain/live/join.service.ts';
import { clientServerUrl, liveRoomName, mintJoinToken } from '../livekit/tokens.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonResponse, problems } from './openapi.ts';

const JoinAnswer = z
  .object({
    serverUrl: z.string(),
    roomName: z.string(),
    token: z.string().describe('a LiveKit access token for this room and role, valid for minutes'),
    expiresAt: z.iso.datetime(),
    role: z.enum(['staff', 'lecturer', 'participant', 'interpreter', 'observer']),
  })
  .openapi('JoinAnswer');

export function liveRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/join',
      tags: ['Live sessions'],
      summary: 'Get a short-lived token to join the session’s LiveKit room',
      description: 'From the join window (default 15 minutes before the start) to the end. A refusal says why and when the window opens, in the caller’s own zone.',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Join', JoinAnswer), 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => {
      const now = deps.clock.now();
      const decision = await decideJoin(deps.db, actorOf(c), c.req.valid('param').id, now, deps.config.JOIN_WINDOW_MINUTES);
      const roomName = liveRoomName(decision.sessionId);
      const { token, expiresAt } = await mintJoinToken(deps.config, { room: roomName, identity: decision.person.id, name: decision.person.name, role: decision.role });
      return c.json({ serverUrl: clientServerUrl(deps.config.LIVEKIT_URL), roomName, token, expiresAt: expiresAt.toISOString(), role: decision.role }, 200);
    },
  );

  return router;
}
