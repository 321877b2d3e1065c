import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, migrationsFolder } from '../server/db/database.ts';
import { signInWithPassword } from '../server/domain/auth/auth.service.ts';
import { createTestDatabase, dropTestDatabase, databaseUrl, testRedisUrl, uniqueName } from './harness/databases.ts';
import { cleanUpProcesses, isAlive, listening, refusesConnections, spawnEntry, untilWorkerConnected, waitForMessage, type Spawned } from './harness/processes.ts';

const databases: string[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  await cleanUpProcesses(prefixes);
  for (const name of databases) await dropTestDatabase(name);
});

/** A database name of this file's own (dropped afterwards), created by the process under test or cloned. */
async function newDatabase(options: { migrated: boolean }): Promise<string> {
  const name = options.migrated ? await createTestDatabase(inject('templateDatabase')) : uniqueName('lc_test');
  databases.push(name);
  return name;
}

function envFor(database: string, extra: Record<string, string> = {}): Record<string, string> {
  const prefix = uniqueName('lcstart');
  prefixes.push(prefix);
  return { DATABASE_URL: databaseUrl(database), REDIS_URL: testRedisUrl, REDIS_PREFIX: prefix, PORT: '0', DEMO_DATA: 'off', ...extra };
}

async function query<T>(database: string, text: string): Promise<T> {
  const db = createDb(databaseUrl(database), 1);
  try {
    return (await sql.raw<T>(text).execute(db)).rows[0]!;
  } finally {
    await db.destroy();
  }
}

const noStackTrace = /\n\s+at /;

describe('starting the server', () => {
  it('a bad environment variable stops it with a message naming each bad variable', async () => {
    const spawned = spawnEntry('server/main.ts', envFor('unused', { PORT: 'abc', DATABASE_URL: 'mysql://127.0.0.1/x' }));
    expect(await spawned.exited).toBe(1);
    expect(spawned.stderr()).toContain('PORT:');
    expect(spawned.stderr()).toContain('DATABASE_URL: expected a URL starting with postgres:// or postgresql://');
    expect(spawned.stderr()).not.toMatch(noStackTrace);
  });

  it('without a reachable PostgreSQL it never listens and says, in one paragraph, how to get one', async () => {
    const spawned = spawnEntry('server/main.ts', envFor('unused', { DATABASE_URL: 'postgres://127.0.0.1:1/livecohort' }));
    expect(await spawned.exited).toBe(1);
    expect(spawned.messages).toEqual([]);
    const message = spawned.stderr();
    expect(message).toContain('cannot reach PostgreSQL at 127.0.0.1:1');
    expect(message).toContain('docker compose up -d postgres redis');
    expect(message).toContain('apt-get install -y postgresql redis-server');
    expect(message).not.toMatch(noStackTrace);
  });

  it('without a reachable Redis it refuses to start and names Redis', async () => {
    const spawned = spawnEntry('server/main.ts', envFor(await newDatabase({ migrated: true }), { REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(await spawned.exited).toBe(1);
    expect(spawned.messages).toEqual([]);
    expect(spawned.stderr()).toContain('cannot reach Redis at 127.0.0.1:1');
  });

  it('a port already in use stops it with a sentence naming PORT, not a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const spawned = spawnEntry('server/main.ts', envFor(await newDatabase({ migrated: true }), { PORT: String(taken), HOST: '127.0.0.1' }));
      expect(await spawned.exited).toBe(1);
      expect(spawned.messages).toEqual([]);
      expect(spawned.stderr()).toContain(`Port ${taken} on 127.0.0.1 is already in use`);
      expect(spawned.stderr()).toContain('set PORT to a free port');
      expect(spawned.stderr()).not.toMatch(noStackTrace);
    } finally {
      blocker.close();
    }
  });

  it('creates a missing database, migrates it before listening, loads the demo once, and reports Node 24’s tzdb', async () => {
    const database = await newDatabase({ migrated: false });
    const first = spawnEntry('server/main.ts', envFor(database, { DEMO_DATA: 'auto' }));
    const port = await listening(first);
    const migrated = await query<{ n: number }>(database, 'SELECT count(*)::int AS n FROM kysely_migration');
    expect(migrated.n).toBe(readdirSync(migrationsFolder).filter((file) => file.endsWith('.ts')).length);
    expect(first.stdout()).toContain('Demo cohort loaded');
    expect(first.stdout()).toContain('32 participants');
    expect(first.stdout()).toContain('coordinator@demo.livecohort.test with password demo-coordinator-2026');
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', postgres: 'ok', redis: 'ok', tzdb: process.versions.tz, node: expect.stringMatching(/^24\./) });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const countDemo = () => query<{ people: number; participants: number; sessions: number }>(database, "SELECT (SELECT count(*)::int FROM people) AS people, (SELECT count(*)::int FROM enrolments WHERE role = 'participant') AS participants, (SELECT count(*)::int FROM sessions) AS sessions");
    const afterFirst = await countDemo();
    expect(afterFirst.participants).toBe(32);
    const second = spawnEntry('server/main.ts', envFor(database, { DEMO_DATA: 'auto' }));
    const secondPort = await listening(second);
    // An answered request shows the process ran its start-up code to the end (its SIGTERM handler included).
    expect((await fetch(`http://127.0.0.1:${secondPort}/healthz`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.stdout()).not.toContain('Demo cohort loaded');
    expect(await countDemo()).toEqual(afterFirst);
  });
});

describe('npm start', () => {
  async function startBoth(): Promise<{ start: Spawned; port: number; serverPid: number; workerPid: number }> {
    const env = envFor(await newDatabase({ migrated: true }), { LOG_LEVEL: 'info' });
    const start = spawnEntry('scripts/start.ts', env);
    const port = await listening(start);
    const server = await waitForMessage(start, (m) => m.from === 'server');
    const worker = await waitForMessage(start, (m) => m.from === 'worker' && m.type === 'ready');
    // Both have run their start-up code to the end (SIGTERM handlers included) once they serve.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await untilWorkerConnected(env['REDIS_PREFIX']!);
    return { start, port, serverPid: server.pid!, workerPid: worker.pid! };
  }

  it('starts the worker once the server listens, prefixes their output, and stops both on SIGTERM', async () => {
    const { start, port, serverPid, workerPid } = await startBoth();
    expect(start.messages.map((m) => `${m.from}:${m.type}`)).toEqual(['server:listening', 'worker:ready']);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    start.child.kill('SIGTERM');
    expect(await start.exited).toBe(0);
    expect([isAlive(serverPid), isAlive(workerPid)]).toEqual([false, false]);
    expect(start.stdout()).toMatch(/^server {5}\| \{.*"msg":"listening on/m);
    expect(start.stdout()).toMatch(/^worker {5}\| \{.*"msg":"worker started"/m);
  });

  it('when the worker dies, stops the server too and fails', async () => {
    const { start, port, serverPid, workerPid } = await startBoth();
    process.kill(workerPid, 'SIGKILL');
    expect(await start.exited).not.toBe(0);
    expect(start.stderr()).toContain('the worker exited on SIGKILL on its own; stopping the rest');
    expect(isAlive(serverPid)).toBe(false);
    expect(await refusesConnections(port)).toBe(true);
  });
});

describe('npm run migrate and npm run admin:create', () => {
  it('migrate creates a missing database, lists what it applied, and then has nothing left to do', async () => {
    const env = envFor(await newDatabase({ migrated: false }));
    const first = spawnEntry('scripts/migrate.ts', env);
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toMatch(/^Created the database lc_test_\w+\.\nApplied \d+ migration\(s\) to lc_test_\w+:\n {2}\d{4}-\d\d-\d\dT/);
    const second = spawnEntry('scripts/migrate.ts', env);
    expect(await second.exited).toBe(0);
    expect(second.stdout()).toMatch(/^The database lc_test_\w+ is up to date\.\n$/);
  });

  it('admin:create makes a staff account that signs in, and refuses a second account or a bad e-mail', async () => {
    const database = await newDatabase({ migrated: true });
    const env = envFor(database);
    const args = ['--email', 'Kim.Minji@seoul.example', '--name', 'Kim Minji', '--role', 'coordinator', '--password-stdin'];
    const created = spawnEntry('scripts/admin-create.ts', env, { args, stdin: 'Gangnam-daero 2026\n' });
    expect(await created.exited).toBe(0);
    expect(created.stdout()).toBe('Created the coordinator account Kim.Minji@seoul.example.\n');
    const db = createDb(databaseUrl(database), 1);
    try {
      expect(await signInWithPassword(db, { email: 'kim.minji@seoul.example', password: 'Gangnam-daero 2026' }, { now: new Date(), ttlHours: 1 })).toBeDefined();
      const again = spawnEntry('scripts/admin-create.ts', env, { args: ['--email', 'KIM.MINJI@seoul.example', '--password-stdin'], stdin: 'another password 2026\n' });
      expect(await again.exited).toBe(1);
      expect(again.stderr()).toContain('KIM.MINJI@seoul.example already has an account');
      const bad = spawnEntry('scripts/admin-create.ts', env, { args: ['--email', 'kim.minji-at-seoul', '--role', 'mayor'] });
      expect(await bad.exited).toBe(2);
      expect(bad.stderr()).toContain('--email: expected an e-mail address');
      expect(bad.stderr()).toContain('--role: expected admin or coordinator');
      const accounts = await db.selectFrom('accounts').select('role').execute();
      expect(accounts).toEqual([{ role: 'coordinator' }]);
    } finally {
      await db.destroy();
    }
  });

  it('admin:create without a terminal or --password-stdin generates a password and prints it once', async () => {
    const database = await newDatabase({ migrated: true });
    const spawned = spawnEntry('scripts/admin-create.ts', envFor(database), { args: ['--email', 'admin@cairo.example'] });
    expect(await spawned.exited).toBe(0);
    const printed = /^Created the admin account admin@cairo\.example\.\nIts password, shown only this once: (\S{20})\n$/.exec(spawned.stdout());
    expect(printed).not.toBeNull();
    const db = createDb(databaseUrl(database), 1);
    try {
      expect(await signInWithPassword(db, { email: 'admin@cairo.example', password: printed![1]! }, { now: new Date(), ttlHours: 1 })).toBeDefined();
    } finally {
      await db.destroy();
    }
  });
});
