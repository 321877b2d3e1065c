import { Hono } from 'hono';
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { tzdbVersion } from '../time/instants.ts';
import type { AppEnv } from './env.ts';

async function answers(check: () => Promise<unknown>, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: Pick<Deps, 'db' | 'redis'>) {
  const router = new Hono<AppEnv>();
  router.get('/healthz', (c) => c.json({ status: 'ok' }));
  router.get('/readyz', async (c) => {
    const [postgres, redis] = await Promise.all([
      answers(() => sql`SELECT 1`.execute(deps.db)),
      answers(() => deps.redis.ping()),
    ]);
    const ready = postgres && redis;
    return c.json(
      { status: ready ? 'ready' : 'unavailable', postgres: postgres ? 'ok' : 'unreachable', redis: redis ? 'ok' : 'unreachable', tzdb: tzdbVersion(), node: process.versions.node },
      ready ? 200 : 503,
    );
  });
  return router;
}
