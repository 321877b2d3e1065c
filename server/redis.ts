import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

export function createRedis(url: string, options: { forWorker?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    // BullMQ workers block on Redis and must never give up on a command.
    maxRetriesPerRequest: options.forWorker ? null : 3,
    enableOfflineQueue: true,
  });
  redis.on('error', () => undefined);
  return redis;
}

/** BullMQ's production rule: with any eviction policy Redis may silently drop queued jobs. */
export async function warnUnlessNoEviction(redis: Redis, logger: Logger): Promise<string | undefined> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy && policy !== 'noeviction') {
      logger.warn(
        { policy },
        `Redis maxmemory-policy is "${policy}", not "noeviction": under memory pressure Redis may evict queued jobs. Set "maxmemory-policy noeviction" in redis.conf.`,
      );
    }
    return policy;
  } catch {
    // Managed Redis often forbids CONFIG; we cannot check, so we do not guess.
    logger.warn('Could not read Redis maxmemory-policy (CONFIG GET refused); make sure it is "noeviction".');
    return undefined;
  }
}
