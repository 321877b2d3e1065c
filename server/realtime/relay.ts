import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.ts';

/**
 * How processes without Socket.IO (the worker) push to clients: they publish on a Redis channel and
 * every server process emits to its own sockets of the room, so each client gets the push once.
 * (@socket.io/redis-emitter speaks to the pub/sub adapter, not to the streams adapter used here.)
 */
export interface RealtimePush {
  toRoom(room: string, event: string, payload: Record<string, unknown>): Promise<void>;
}

const Relayed = z.object({ room: z.string().min(1), event: z.string().regex(/^[a-z]+:[a-z-]+$/), payload: z.record(z.string(), z.unknown()) });

export const relayChannel = (prefix: string) => `${prefix}:realtime-relay`;

export function createRealtimePush(redis: Redis, prefix: string): RealtimePush {
  return {
    async toRoom(room, event, payload) {
      await redis.publish(relayChannel(prefix), JSON.stringify({ room, event, payload }));
    },
  };
}

/** Subscribes a server process to the relay; returns the subscription's connection to close. */
export async function subscribeToRelay(redis: Redis, prefix: string, logger: Logger, emitLocally: (room: string, event: string, payload: Record<string, unknown>) => void): Promise<Redis> {
  const subscriber = redis.duplicate();
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const { room, event, payload } = Relayed.parse(JSON.parse(message));
      emitLocally(room, event, payload);
    } catch (error) {
      logger.warn({ err: error }, 'ignored a malformed relayed push');
    }
  });
  await subscriber.subscribe(relayChannel(prefix));
  return subscriber;
}
