import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { createDb, ensureDatabaseExists, migrateToLatest } from './db/database.ts';
import type { Database } from './db/schema.ts';
import { createRedis, warnUnlessNoEviction } from './redis.ts';
import { createQueues, type Queues } from './jobs/registry.ts';
import { systemClock, type Clock } from './clock.ts';
import { createSignInLimiter, type SignInLimiter } from './domain/auth/sign-in-limiter.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { createLiveConnections, type LiveConnections } from './realtime/live-connections.ts';
import { createRealtimePush, type RealtimePush } from './realtime/relay.ts';
import { createLiveRooms, type LiveRooms } from './livekit/rooms.ts';

export interface Deps {
  config: Config;
  logger: Logger;
  db: Kysely<Database>;
  redis: Redis;
  queues: Queues;
  clock: Clock;
  signInLimiter: SignInLimiter;
  mailer: Mailer;
  live: LiveConnections;
  push: RealtimePush;
  liveRooms: LiveRooms;
  close(): Promise<void>;
}

/** Raised when PostgreSQL or Redis cannot be reached; its message tells a person what to do. */
export class DependencyUnavailableError extends Error {
  constructor(service: 'PostgreSQL' | 'Redis', url: string, cause: unknown) {
    const where = describeUrl(url);
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    super(
      `livecohort cannot reach ${service} at ${where} (${reason}). ` +
        `Start PostgreSQL and Redis in one of two ways: with Docker, run "docker compose up -d postgres redis" in the repository; ` +
        `or from Debian's packages, run "sudo apt-get install -y postgresql redis-server", then "sudo pg_ctlcluster 15 main start" and "redis-server --daemonize yes". ` +
        `If yours run elsewhere, set ${service === 'PostgreSQL' ? 'DATABASE_URL' : 'REDIS_URL'} and start again.`,
    );
    this.name = 'DependencyUnavailableError';
  }
}

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('postgres') ? '5432' : '6379')}`;
}

export interface CreateDepsOptions {
  clock?: Clock;
  logger?: Logger;
  /** Create the database when missing and migrate it to the latest version (the start command does). */
  prepareDatabase?: boolean;
  forWorker?: boolean;
}

/** The composition root: every client is built here once and closed here once. */
export async function createDeps(config: Config, options: CreateDepsOptions = {}): Promise<Deps> {
  const logger = options.logger ?? createLogger(config, options.forWorker ? 'worker' : 'server');

  try {
    if (options.prepareDatabase) await ensureDatabaseExists(config.DATABASE_URL);
  } catch (error) {
    throw new DependencyUnavailableError('PostgreSQL', config.DATABASE_URL, error);
  }
  const db = createDb(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  try {
    if (options.prepareDatabase) {
      const applied = await migrateToLatest(db);
      if (applied.length) logger.info({ migrations: applied }, 'database migrated');
    } else {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
    }
  } catch (error) {
    await db.destroy();
    if (isConnectionError(error)) throw new DependencyUnavailableError('PostgreSQL', config.DATABASE_URL, error);
    throw error;
  }

  const redis = createRedis(config.REDIS_URL, { forWorker: options.forWorker ?? false });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    await db.destroy();
    throw new DependencyUnavailableError('Redis', config.REDIS_URL, error);
  }
  await warnUnlessNoEviction(redis, logger);

  const queues = createQueues(redis, config.REDIS_PREFIX);
  const signInLimiter = createSignInLimiter(redis, config);
  const mailer = createMailer(config);
  return {
    config,
    logger,
    db,
    redis,
    queues,
    clock: options.clock ?? systemClock,
    signInLimiter,
    mailer,
    live: createLiveConnections(),
    push: createRealtimePush(redis, config.REDIS_PREFIX),
    liveRooms: createLiveRooms(config),
    close: async () => {
      mailer.close();
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
      await db.destroy();
    },
  };
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '57P03', '3D000', '28P01', '28000'].includes(code) ||
    (error instanceof AggregateError);
}
