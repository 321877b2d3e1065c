import { inject } from 'vitest';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../server/config.ts';
import { createDeps, type Deps } from '../../server/deps.ts';
import { createApp, type App } from '../../server/app.ts';
import { ManualClock, type Clock } from '../../server/clock.ts';
import { createTestDatabase, databaseUrl, dropTestDatabase, testRedisUrl, uniqueName } from './databases.ts';
import { TestClient } from './client.ts';
import { livekitUnderTest, type LivekitUnderTest } from './livekit-under-test.ts';

export interface TestContext {
  deps: Deps;
  /** The LiveKit this context's LIVEKIT_URL points at: the double, or a real server (TEST_LIVEKIT_URL). */
  livekit: LivekitUnderTest;
  app: App;
  config: Config;
  clock: Clock;
  databaseName: string;
  /** A client with its own cookie jar, like one browser. */
  client(): TestClient;
  close(): Promise<void>;
}

/** Real PostgreSQL (a database of this file's own) and real Redis (keys under a prefix of its own). */
export async function createTestContext(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestContext> {
  const databaseName = await createTestDatabase(inject('templateDatabase'));
  const clockForDouble = { current: options.clock };
  // The double dates its events by the test's clock, like a LiveKit server on the same wall clock.
  const livekit = await livekitUnderTest({ now: () => (clockForDouble.current ?? { now: () => new Date() }).now() });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(databaseName),
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: uniqueName('lct'),
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    LIVEKIT_URL: livekit.url,
    ...(livekit.real && { LIVEKIT_API_KEY: process.env['TEST_LIVEKIT_API_KEY'] ?? 'devkey', LIVEKIT_API_SECRET: process.env['TEST_LIVEKIT_API_SECRET'] ?? 'secret' }),
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock('2026-07-01T00:00:00Z');
  clockForDouble.current = clock;
  const deps = await createDeps(config, { clock, logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }) });
  const app = createApp(deps);
  return {
    deps,
    livekit,
    app,
    config,
    clock,
    databaseName,
    client: () => new TestClient(app),
    close: async () => {
      const keys = await deps.redis.keys(`${config.REDIS_PREFIX}:*`);
      if (keys.length) await deps.redis.del(...keys);
      await deps.close();
      await livekit.close();
      await dropTestDatabase(databaseName);
    },
  };
}
