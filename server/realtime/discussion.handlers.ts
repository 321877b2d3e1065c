import type { Socket } from 'socket.io';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../domain/access/actor.ts';
import { commandSchemas, type CommandInput, type CommandName } from '../domain/discussion/discussion.schemas.ts';
import { getRoomAccess, roomNames } from '../domain/discussion/room-access.ts';
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
interface CommandContext {
  actor: Actor;
  socket: DiscussionSocket;
  now: Date;
}
type Handler<N extends CommandName> = (input: CommandInput<N>, context: CommandContext) => Promise<unknown>;
export type DiscussionHandlers = { [N in CommandName]: Handler<N> };

/** Posts (chat and questions) per person per 10 seconds, shared by every server process. */
export function createPostLimiter(deps: Pick<Deps, 'redis' | 'config'>) {
  return new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${deps.config.REDIS_PREFIX}:rate:post`, points: 10, duration: 10 });
}

/**
 * The discussion commands, built once per server (not per socket: thousands of idle participants
 * must cost little). Each one: validate → persist with its room event → acknowledge → broadcast.
 */
export function createDiscussionHandlers(io: RealtimeServer, deps: Pick<Deps, 'db'>, postLimiter: RateLimiterRedis): DiscussionHandlers {
  const { db } = deps;
  const broadcast = (event: RoomEvent | undefined) => {
    if (event) io.to(event.room).emit(event.kind as keyof ServerToClientEvents, event as never);
    return event ?? { unchanged: true };
  };
  const limitPosts = async (actor: Actor) => {
    try {
      await postLimiter.consume(actor.personId);
    } catch (refusal) {
      const seconds = Math.ceil(((refusal as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
      throw new AppError('rate_limited', `You are posting too fast; try again in ${seconds} seconds`, { details: { retryAfterSeconds: seconds } });
    }
  };

  return {
    'room:join': async ({ room }, { actor, socket, now }) => {
      const access = await getRoomAccess(db, actor, room);
      if (access.sessionId && !socket.rooms.has(access.name)) {
        await startPresence(db, { sessionId: access.sessionId, personId: actor.personId, socketId: socket.id }, now);
      }
      await socket.join(access.sessionId && access.canModerate ? [access.name, roomNames.moderators(access.sessionId)] : access.name);
      return { room: access.name, sequence: await lastSequence(db, access.name), canModerate: access.canModerate };
    },
    'room:leave': async ({ room }, { actor, socket, now }) => {
      const access = await getRoomAccess(db, actor, room);
      await socket.leave(access.name);
      if (access.sessionId) await endPresence(db, socket.id, now, access.sessionId);
      return { room: access.name };
    },
    'room:sync': async ({ room, after, limit }, { actor }) => {
      const access = await getRoomAccess(db, actor, room);
      const events = await listEventsAfter(db, access.name, after, limit);
      return { room: access.name, events, complete: events.length < limit };
    },
    'chat:history': async ({ room, before, limit }, { actor }) => chatHistory(db, actor, room, { before, limit }),
    'chat:send': async ({ room, body }, { actor, now }) => {
      await limitPosts(actor);
      return broadcast(await sendMessage(db, actor, room, body, now));
    },
    'chat:edit': async ({ messageId, body }, { actor, now }) => broadcast(await editMessage(db, actor, messageId, body, now)),
    'chat:delete': async ({ messageId }, { actor, now }) => broadcast(await deleteMessage(db, actor, messageId, now)),
    'chat:hide': async ({ messageId }, { actor, now }) => broadcast(await hideMessage(db, actor, messageId, now)),
    'qa:ask': async (input, { actor, now }) => {
      await limitPosts(actor);
      const asked = await askQuestion(db, actor, input, now);
      if ('event' in asked) return broadcast(asked.event);
      io.to(roomNames.moderators(input.sessionId)).emit('qa:submitted', { question: asked.awaitingApproval });
      return { awaitingApproval: asked.awaitingApproval };
    },
    'qa:vote': async ({ questionId }, { actor, now }) => broadcast(await voteQuestion(db, actor, questionId, true, now)),
    'qa:unvote': async ({ questionId }, { actor, now }) => broadcast(await voteQuestion(db, actor, questionId, false, now)),
    'qa:moderate': async ({ questionId, action }, { actor, now }) => broadcast(await moderateQuestion(db, actor, questionId, action, now)),
    'qa:list': async ({ sessionId, sort }, { actor }) => listQuestions(db, actor, sessionId, sort),
    'hand:raise': async ({ sessionId }, { actor, now }) => broadcast(await raiseHand(db, actor, sessionId, now)),
    'hand:lower': async ({ sessionId, personId }, { actor, now }) => broadcast(await lowerHand(db, actor, sessionId, personId, now)),
    'hand:list': async ({ sessionId }, { actor }) => listHands(db, actor, sessionId),
    'poll:open': async (input, { actor, now }) => broadcast(await openPoll(db, actor, input, now)),
    'poll:vote': async ({ pollId, choices }, { actor, now }) => {
      const { event, tally } = await votePoll(db, actor, pollId, choices, now);
      io.to(roomNames.moderators(tally.sessionId)).emit('poll:tally', { pollId, counts: tally.counts, voters: tally.voters });
      return broadcast(event);
    },
    'poll:close': async ({ pollId, publish }, { actor, now }) => broadcast(await closePoll(db, actor, pollId, publish, now)),
    'poll:list': async ({ sessionId }, { actor }) => listPolls(db, actor, sessionId),
    'presence:list': async ({ sessionId }, { actor }) => {
      const access = await getRoomAccess(db, actor, { type: 'session', sessionId });
      // Every server process answers through the adapter: this is the whole room, not this process's part.
      const present = await io.in(access.name).fetchSockets();
      const ids = [...new Set(present.map((s) => s.data.personId))];
      const names = ids.length ? await db.selectFrom('people').select(['id', 'name_latin']).where('id', 'in', ids).execute() : [];
      const nameOf = new Map(names.map((p) => [p.id, p.name_latin]));
      return ids.map((personId) => ({ personId, name: nameOf.get(personId) ?? null }));
    },
  };
}

/** One dispatcher per socket; an event nobody handles still gets an answer, so a client never waits. */
export function attachDiscussion(socket: DiscussionSocket, handlers: DiscussionHandlers, deps: Pick<Deps, 'db' | 'clock' | 'logger'>) {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (event === 'health:check') return;
    const ack = args.at(-1);
    const log = deps.logger.child({ socketId: socket.id, personId: socket.data.personId, event });
    if (!Object.hasOwn(handlers, event)) {
      if (typeof ack === 'function') ack({ error: { code: 'invalid_request', message: `Unknown event "${event}"` } });
      return;
    }
    const name = event as CommandName;
    void acknowledge(typeof ack === 'function' ? (ack as never) : undefined, log, async () => {
      const input = commandSchemas[name].parse(args.length > 1 || typeof ack !== 'function' ? (args[0] ?? {}) : {});
      const actor: Actor = { personId: socket.data.personId, staffRole: socket.data.staffRole, authSessionId: socket.data.authSessionId };
      return (handlers[name] as Handler<CommandName>)(input as never, { actor, socket, now: deps.clock.now() });
    });
  });
  socket.on('disconnect', () => {
    endPresence(deps.db, socket.id, deps.clock.now()).catch((error: unknown) => deps.logger.error({ err: error, socketId: socket.id }, 'could not close presence'));
  });
}
