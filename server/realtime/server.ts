import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { parse as parseCookies } from 'hono/utils/cookie';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { authenticate } from '../domain/auth/auth.service.ts';
import { SESSION_COOKIE } from '../http/middleware.ts';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './events.ts';
import { acknowledge } from './acknowledge.ts';
import { attachDiscussion, createDiscussionHandlers, createPostLimiter } from './discussion.handlers.ts';
import { roomNames } from '../domain/discussion/room-access.ts';
import { authSessionRoom } from './live-connections.ts';
import { subscribeToRelay } from './relay.ts';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const HealthCheck = z.object({ echo: z.string().max(200).optional() }).strict();

/** Socket.IO on the API's own HTTP server; rooms span processes through the Redis streams adapter. */
export function createRealtime(httpServer: HttpServer, deps: Pick<Deps, 'db' | 'redis' | 'clock' | 'config' | 'logger' | 'live'>) {
  const ownOrigin = new URL(deps.config.PUBLIC_BASE_URL).origin;
  // A connection of its own: the streams adapter blocks on XREAD. Streams survive short Redis outages
  // (a node catches up on what it missed), which pub/sub cannot.
  const adapterRedis = deps.config.REALTIME_ADAPTER === 'redis' ? deps.redis.duplicate() : undefined;
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // Short drops (a train tunnel, a weak link) are replayed by Socket.IO itself; anything longer, or a
    // process restart, is covered by room:sync from the client's last sequence.
    connectionStateRecovery: { maxDisconnectionDuration: deps.config.REALTIME_RECOVERY_MS, skipMiddlewares: false },
    cors: { origin: ownOrigin, credentials: true },
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      // Browsers always send Origin on cross-site requests; a foreign page cannot ride our cookie.
      callback(null, !origin || origin === ownOrigin);
    },
    // 'memory' only for a single server process (and to measure what the Redis adapter costs).
    // A short XREAD block keeps shutdown quick: QUIT waits for the blocked read to return.
    ...(adapterRedis && { adapter: createAdapter(adapterRedis, { streamName: `${deps.config.REDIS_PREFIX}:socket.io`, maxLen: 10_000, blockTimeInMs: 1_000 }) }),
  });

  io.use(async (socket, next) => {
    const cookies = parseCookies(socket.handshake.headers.cookie ?? '');
    const token = cookies[SESSION_COOKIE];
    const actor = token ? await authenticate(deps.db, token, deps.clock.now()).catch(() => undefined) : undefined;
    if (!actor) {
      next(Object.assign(new Error('Sign in first'), { data: { code: 'unauthenticated' } }));
      return;
    }
    socket.data = { personId: actor.personId, staffRole: actor.staffRole, authSessionId: actor.authSessionId };
    next();
  });

  deps.live.attach(io);
  const relay = subscribeToRelay(deps.redis, deps.config.REDIS_PREFIX, deps.logger, (room, event, payload) => {
    (io.local.to(room) as unknown as { emit(event: string, payload: unknown): void }).emit(event, payload);
  });
  const discussion = createDiscussionHandlers(io, deps, createPostLimiter(deps));
  io.on('connection', (socket) => {
    socket.join([personRoom(socket.data.personId), authSessionRoom(socket.data.authSessionId), ...(socket.data.staffRole ? [roomNames.staff()] : [])]);
    attachDiscussion(socket, discussion, deps);
    socket.on('health:check', (payload, ack) => {
      void acknowledge(ack, deps.logger, () => {
        const { echo } = HealthCheck.parse(payload ?? {});
        return { echo: echo ?? null, personId: socket.data.personId, serverTime: deps.clock.now().toISOString() };
      });
    });
  });

  return {
    io,
    close: async () => {
      // Closing the engine drops this process's connections as a transport close, so clients reconnect
      // (to another process, or to this one restarted); a "server disconnect" would tell them to stay away.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // QUIT (not a hard disconnect) lets the adapter's last heartbeat or publish finish first.
      await adapterRedis?.quit().catch(() => undefined);
      await (await relay).quit().catch(() => undefined);
    },
  };
}

export const personRoom = roomNames.person;
