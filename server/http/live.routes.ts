import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../deps.ts';
import { decideJoin } from '../domain/live/join.service.ts';
import { closeTeamRooms, endSession, listModerationActions, muteTrack, openTeamRooms, removeParticipant, teamRoomsState } from '../domain/live/moderation.service.ts';
import { clientServerUrl, mintJoinToken } from '../livekit/tokens.ts';
import { actorOf } from './middleware.ts';
import { createRouter, IdParam, jsonBody, jsonResponse, problems } from './openapi.ts';

const language = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language code such as es, fr, ar or pt-BR');

const JoinInput = z
  .object({
    language: language.nullable().optional().describe('listen through this interpretation language (null: the floor); remembered for the programme'),
    room: z.enum(['main', 'team']).optional().describe('`team`: your own team’s room while team rooms are open'),
    teamId: z.uuid({ message: 'expected a team id (UUID)' }).optional().describe('coordinators and lecturers: visit this team’s room'),
    monitor: z.boolean().optional().describe('coordinators and lecturers: watch without being seen or publishing (the live monitor)'),
  })
  .strict();

const JoinAnswer = z
  .object({
    serverUrl: z.string(),
    roomName: z.string(),
    token: z.string().describe('a LiveKit access token for this room and role, valid for minutes'),
    expiresAt: z.iso.datetime(),
    role: z.enum(['staff', 'lecturer', 'participant', 'interpreter', 'observer']),
    startMuted: z.boolean().describe('join with microphone and camera off (the session’s setting, for participants)'),
    team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    interpretation: z.object({
      languages: z.array(z.string()),
      chosenLanguage: z.string().nullable(),
      channels: z
        .array(z.object({ language: z.string(), interpreters: z.array(z.object({ identity: z.string(), name: z.string() })) }))
        .describe('for each language, whose microphone track (participant attribute `interpretation.language`) carries it'),
    }),
  })
  .openapi('JoinAnswer');

const ModerationResult = z.object({ id: z.uuid(), action: z.string(), at: z.iso.datetime() }).openapi('ModerationResult');
const reason = z.string().trim().min(1, 'required when given').max(500, 'at most 500 characters');
const tags = ['Live sessions'];

export function liveRoutes(deps: Deps) {
  const router = createRouter();
  const moderation = { db: deps.db, liveRooms: deps.liveRooms, push: deps.push, config: deps.config };

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/join',
      tags,
      summary: 'Get a short-lived token to join the session’s LiveKit room (or your team’s room)',
      description: 'From the join window (default 15 minutes before the start) to the end. A refusal says why, and when the window opens, in the caller’s own zone. The body is optional.',
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: JoinInput } } } },
      responses: { 200: jsonResponse('Join', JoinAnswer), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 422: problems[422] },
    }),
    async (c) => {
      const now = deps.clock.now();
      const input = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? {};
      const decision = await decideJoin(deps.db, actorOf(c), c.req.valid('param').id, now, deps.config.JOIN_WINDOW_MINUTES, input);
      const { token, expiresAt } = await mintJoinToken(deps.config, {
        room: decision.roomName,
        identity: decision.person.id,
        name: decision.person.name,
        role: decision.role,
        attributes: decision.attributes,
        monitor: decision.monitor,
      });
      return c.json(
        {
          serverUrl: clientServerUrl(deps.config.LIVEKIT_PUBLIC_URL ?? deps.config.LIVEKIT_URL),
          roomName: decision.roomName,
          token,
          expiresAt: expiresAt.toISOString(),
          role: decision.role,
          startMuted: decision.startMuted,
          team: decision.team,
          interpretation: decision.interpretation,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/moderation/remove',
      tags,
      summary: 'Disconnect a person from the live session; they cannot join it again',
      request: { params: IdParam, body: jsonBody(z.object({ personId: z.uuid({ message: 'expected a person id (UUID)' }), reason: reason.optional() }).strict()) },
      responses: { 200: jsonResponse('Removed', ModerationResult.extend({ disconnected: z.boolean().describe('false when they were not connected to the media server; the removal still keeps them out') })), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => c.json(await removeParticipant(moderation, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.clock.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/moderation/mute',
      tags,
      summary: 'Mute one track a person publishes (they can unmute it themselves)',
      request: {
        params: IdParam,
        body: jsonBody(z.object({ personId: z.uuid({ message: 'expected a person id (UUID)' }), trackSid: z.string().regex(/^TR_[A-Za-z0-9]+$/, 'expected a LiveKit track sid (TR_…)'), teamId: z.uuid().optional() }).strict()),
      },
      responses: { 200: jsonResponse('Muted', ModerationResult), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => c.json(await muteTrack(moderation, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.clock.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/moderation/end',
      tags,
      summary: 'End the session for everyone',
      request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: z.object({ reason: reason.optional() }).strict() } } } },
      responses: { 200: jsonResponse('Ended', ModerationResult), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => {
      const input = (c.req.header('content-type')?.includes('json') ? c.req.valid('json') : undefined) ?? {};
      return c.json(await endSession(moderation, actorOf(c), c.req.valid('param').id, input, deps.clock.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sessions/{id}/moderation',
      tags,
      summary: 'Every moderation action of the session: what, to whom, by whom, when',
      request: { params: IdParam },
      responses: {
        200: jsonResponse('Actions', z.object({ items: z.array(z.object({ id: z.uuid(), action: z.string(), at: z.iso.datetime(), reason: z.string().nullable(), trackSid: z.string().nullable(), by: z.object({ personId: z.uuid(), name: z.string() }), target: z.object({ personId: z.uuid(), name: z.string().nullable() }).nullable() })) })),
        400: problems[400],
        401: problems[401],
        403: problems[403],
        404: problems[404],
      },
    }),
    async (c) => c.json({ items: await listModerationActions(deps.db, actorOf(c), c.req.valid('param').id) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sessions/{id}/team-rooms',
      tags,
      summary: 'Whether team rooms are open now, which, and your own team',
      request: { params: IdParam },
      responses: {
        200: jsonResponse('Team rooms', z.object({ open: z.boolean(), breakoutId: z.uuid().nullable(), openedAt: z.iso.datetime().nullable(), teams: z.array(z.object({ id: z.uuid(), name: z.string() })), myTeam: z.object({ id: z.uuid(), name: z.string() }).nullable() })),
        400: problems[400],
        401: problems[401],
        404: problems[404],
      },
    }),
    async (c) => c.json(await teamRoomsState(deps.db, actorOf(c), c.req.valid('param').id), 200),
  );

  const TeamRooms = z.object({ sessionId: z.uuid(), breakoutId: z.uuid(), teams: z.array(z.object({ id: z.uuid(), name: z.string() })), openedAt: z.iso.datetime() });
  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/team-rooms/open',
      tags,
      summary: 'Open one room per team of the cohort; participants are told to go to theirs',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Opened', TeamRooms), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => c.json(await openTeamRooms(moderation, actorOf(c), c.req.valid('param').id, deps.clock.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/sessions/{id}/team-rooms/close',
      tags,
      summary: 'Call everyone back to the main room and close the team rooms',
      request: { params: IdParam },
      responses: { 200: jsonResponse('Closed', z.object({ sessionId: z.uuid(), breakoutId: z.uuid(), closedAt: z.iso.datetime() })), 400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409] },
    }),
    async (c) => c.json(await closeTeamRooms(moderation, actorOf(c), c.req.valid('param').id, deps.clock.now()), 200),
  );

  return router;
}
