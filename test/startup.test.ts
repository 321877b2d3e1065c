import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '../server/db/database.ts';
import { dropTestDatabase, databaseUrl, testRedisUrl, uniqueName } from './harness/databases.ts';
import { listening, spawnEntry, type Spawned } from './harness/processes.ts';

const created: string[] = [];
const running: Spawned[] = [];
afterAll(async () => {
  for (const spawned of running) spawned.child.kill('SIGKILL');
  for (const name of created) await dropTestDatabase(name);
});

const baseEnv = (database: string) => ({
  DATABASE_URL: databaseUrl(database),
  REDIS_URL: testRedisUrl,
  REDIS_PREFIX: uniqueName('lcstart'),
  PORT: '0',
  NODE_ENV: 'test',
});

describe('starting the server', () => {
  it('a bad environment variable stops it with a message naming the variable', async () => {
    const spawned = spawnEntry('server/main.ts', { ...baseEnv('unused'), PORT: 'abc', DATABASE_URL: 'mysql://127.0.0.1/x' });
    expect(await spawned.exited).toBe(1);
    expect(spawned.stderr()).toContain('PORT:');
    expect(spawned.stderr()).toContain('DATABASE_URL: expected a URL starting with postgres:// or postgresql://');
    expect(spawned.stderr()).not.toMatch(/\n\s+at /);
  });

  it('without a reachable database it refuses to start, in one clear paragraph, and never listens', async () => {
    const spawned = spawnEntry('server/main.ts', { ...baseEnv('unused'), DATABASE_URL: 'postgres://127.0.0.1:1/livecohort' });
    let listened = false;
    spawned.child.on('message', () => (listened = true));
    expect(await spawned.exited).toBe(1);
    expect(listened).toBe(false);
    const message = spawned.stderr();
    expect(message).toContain('cannot reach PostgreSQL at 127.0.0.1:1');
    expect(message).toContain('docker compose up -d postgres redis');
    expect(message).toContain('apt-get install -y postgresql redis-server');
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('without Redis it refuses to start and says how to get it', async () => {
    const database = uniqueName('lc_test');
    created.push(database);
    const spawned = spawnEntry('server/main.ts', { ...baseEnv(database), REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await spawned.exited).toBe(1);
    expect(spawned.stderr()).toContain('cannot reach Redis at 127.0.0.1:1');
  });

  it('creates a missing database, migrates it, loads the demo once, and answers /readyz with its tzdb', async () => {
    const database = uniqueName('lc_test');
    created.push(database);
    const first = spawnEntry('server/main.ts', { ...baseEnv(database), DEMO_DATA: 'auto' });
    running.push(first);
    const port = await listening(first);
    expect(first.stdout()).toContain('Demo cohort loaded');
    expect(first.stdout()).toContain('coordinator@demo.livecohort.test');
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', postgres: 'ok', redis: 'ok', tzdb: process.versions.tz });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = spawnEntry('server/main.ts', { ...baseEnv(database), DEMO_DATA: 'auto' });
    running.push(second);
    await listening(second);
    expect(second.stdout()).not.toContain('Demo cohort loaded');
    second.child.kill('SIGTERM');
    await second.exited;
    const db = createDb(databaseUrl(database), 1);
    const counts = await sql<{ people: number; cohorts: number; sessions: number }>`SELECT (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM cohorts) AS cohorts, (SELECT count(*) FROM sessions) AS sessions`.execute(db);
    await db.destroy();
    expect(counts.rows[0]).toEqual({ people: 33, cohorts: 1, sessions: 9 });
  });
});
