import type { Socket } from 'socket.io';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../domain/access/actor.ts';
import { commandSchemas, type CommandInput, type CommandName } from '../domain/discussion/discussion.schemas.ts';
import { getRoomAccess } from '../domain/discussion/room-access.ts';
import { lastSequence, listEventsAfter, type RoomEvent } from '../domain/discussion/room-events.repository.ts';
import { deleteMessage, editMessage, hideMessage, sendMessage } from '../domain/discussion/chat.service.ts';
import { askQuestion, listQuestions, moderateQuestion, voteQuestion } from '../domain/discussion/questions.service.ts';
import { listHands, lowerHand, raiseHand } from '../domain/discussion/hands.service.ts';
import { endPresence, startPresence } from '../domain/discussion/presence.service.ts';
import { chatHistory } from '../domain/discussion/chat-history.service.ts';
import { closePoll, listPolls, openPoll, votePoll } from '../domain/discussion/polls.service.ts';
import { acknowledge } from './acknowledge.ts';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './events.ts';
import type { RealtimeServer } from './server.ts';

type DiscussionSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Handler<N extends CommandName> = (input: CommandInput<N>, actor: Actor, now: Date) => Promise<unknown>;

/** Posts (chat and questions) per person per 10 seconds, shared by every server process. */
export function createPostLimiter(deps: Pick<Deps, 'redis' | 'config'>) {
  return new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${deps.config.REDIS_PREFIX}:rate:post`, points: 10, duration: 10 });
}

/** validate → persist (with the room event) → acknowledge → broadcast, for every discussion command. */
export function registerDiscussionHandlers(io: RealtimeServer, socket: DiscussionSocket, deps: Pick<Deps, 'db' | 'clock' | 'logger'>, postLimiter: RateLimiterRedis) {
  const log = deps.logger.child({ socketId: socket.id, personId: socket.data.personId });
  const actor: Actor = { personId: socket.data.personId, staffRole: socket.data.staffRole, authSessionId: socket.data.authSessionId };
  const broadcast = (event: RoomEvent | undefined) => {
    if (event) io.to(event.room).emit(event.kind as keyof ServerToClientEvents, event as never);
    return event ?? { unchanged: true };
  };
  const limitPosts = async () => {
    try {
      await postLimiter.consume(actor.personId);
    } catch (refusal) {
      const seconds = Math.ceil(((refusal as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
      throw new AppError('rate_limited', `You are posting too fast; try again in ${seconds} seconds`, { details: { retryAfterSeconds: seconds } });
    }
  };

  const handlers: { [N in CommandName]: Handler<N> } = {
    'room:join': async ({ room }, _, now) => {
      const access = await getRoomAccess(deps.db, actor, room);
      if (access.sessionId && !socket.rooms.has(access.name)) {
        await startPresence(deps.db, { sessionId: access.sessionId, personId: actor.personId, socketId: socket.id }, now);
      }
      await socket.join(access.name);
      return { room: access.name, sequence: await lastSequence(deps.db, access.name), canModerate: access.canModerate };
    },
    'room:leave': async ({ room }, _, now) => {
      const access = await getRoomAccess(deps.db, actor, room);
      await socket.leave(access.name);
      if (access.sessionId) await endPresence(deps.db, socket.id, now, access.sessionId);
      return { room: access.name };
    },
    'chat:history': async ({ room, before, limit }) => chatHistory(deps.db, actor, room, { before, limit }),
    'presence:list': async ({ sessionId }) => {
      const access = await getRoomAccess(deps.db, actor, { type: 'session', sessionId });
      // Every server process answers through the adapter: this is the whole room, not this process's part.
      const present = await io.in(access.name).fetchSockets();
      return [...new Map(present.map((s) => [s.data.personId, { personId: s.data.personId }])).values()];
    },
    'room:sync': async ({ room, after, limit }) => {
      const access = await getRoomAccess(deps.db, actor, room);
      const events = await listEventsAfter(deps.db, access.name, after, limit);
      return { room: access.name, events, complete: events.length < limit };
    },
    'chat:send': async ({ room, body }, _, now) => {
      await limitPosts();
      return broadcast(await sendMessage(deps.db, actor, room, body, now));
    },
    'chat:edit': async ({ messageId, body }, _, now) => broadcast(await editMessage(deps.db, actor, messageId, body, now)),
    'chat:delete': async ({ messageId }, _, now) => broadcast(await deleteMessage(deps.db, actor, messageId, now)),
    'chat:hide': async ({ messageId }, _, now) => broadcast(await hideMessage(deps.db, actor, messageId, now)),
    'qa:ask': async (input, _, now) => {
      await limitPosts();
      return broadcast(await askQuestion(deps.db, actor, input, now));
    },
    'qa:vote': async ({ questionId }, _, now) => broadcast(await voteQuestion(deps.db, actor, questionId, true, now)),
    'qa:unvote': async ({ questionId }, _, now) => broadcast(await voteQuestion(deps.db, actor, questionId, false, now)),
    'qa:moderate': async ({ questionId, action }, _, now) => broadcast(await moderateQuestion(deps.db, actor, questionId, action, now)),
    'qa:list': async ({ sessionId, sort }) => listQuestions(deps.db, actor, sessionId, sort),
    'hand:raise': async ({ sessionId }, _, now) => broadcast(await raiseHand(deps.db, actor, sessionId, now)),
    'hand:lower': async ({ sessionId, personId }, _, now) => broadcast(await lowerHand(deps.db, actor, sessionId, personId, now)),
    'hand:list': async ({ sessionId }) => listHands(deps.db, actor, sessionId),
    'poll:open': async (input, _, now) => broadcast(await openPoll(deps.db, actor, input, now)),
    'poll:vote': async ({ pollId, choices }, _, now) => broadcast(await votePoll(deps.db, actor, pollId, choices, now)),
    'poll:close': async ({ pollId, publish }, _, now) => broadcast(await closePoll(deps.db, actor, pollId, publish, now)),
    'poll:list': async ({ sessionId }) => listPolls(deps.db, actor, sessionId),
  };

  for (const name of Object.keys(handlers) as CommandName[]) {
    socket.on(name as never, ((payload: unknown, ack: never) =>
      acknowledge(ack, log, async () => {
        const input = commandSchemas[name].parse(payload ?? {});
        return (handlers[name] as Handler<CommandName>)(input as never, actor, deps.clock.now());
      })) as never);
  }

  socket.on('disconnect', () => {
    endPresence(deps.db, socket.id, deps.clock.now()).catch((error: unknown) => log.error({ err: error }, 'could not close presence'));
  });

  // An event nobody handles still gets an answer, so a client never waits for nothing.
  socket.onAny((event: string, ...args: unknown[]) => {
    if (event in handlers || event === 'health:check') return;
    const ack = args.at(-1);
    if (typeof ack === 'function') ack({ error: { code: 'invalid_request', message: `Unknown event "${event}"` } });
  });
}
