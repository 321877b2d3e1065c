// npm run bench: every figure is printed beside a baseline measured in the same run.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Temporal } from 'temporal-polyfill';
import pg from 'pg';
import { createDb, ensureDatabaseExists, migrateToLatest, withDefaultUser } from '../server/db/database.ts';
import { loadConfig } from '../server/config.ts';
import { createDeps } from '../server/deps.ts';
import { createApp } from '../server/app.ts';
import { issueMagicLink } from '../server/domain/auth/auth.service.ts';
import { createStaffAccount } from '../server/domain/auth/accounts.service.ts';
import { deriveInstants, tzdbVersion } from '../server/time/instants.ts';
import { buildRosterCsv } from '../test/harness/cities.ts';
import { benchReminderLateness, benchSchedulingThroughput } from './scheduling.ts';
import { benchRealtime } from './realtime.ts';
import { startSmtpSink } from '../test/harness/smtp-sink.ts';
import { benchLive } from './live.ts';
import { benchCertificates } from './certificates.ts';
import { benchWeb } from './web.ts';
import { benchIssuance } from './issuance.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCH_DB = 'livecohort_bench';
const serverUrl = new URL(withDefaultUser(process.env['BENCH_DATABASE_URL'] ?? 'postgres://127.0.0.1:5432/postgres'));
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${BENCH_DB}` }).toString();
const duration = Number(process.env['BENCH_SECONDS'] ?? 10);
const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', DEMO_DATA: 'off', REDIS_PREFIX: 'lcbench', NODE_ENV: 'test' } as const;

async function resetDatabase() {
  const admin = new pg.Client({ connectionString: Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.end();
  await ensureDatabaseExists(databaseUrl);
  const db = createDb(databaseUrl, 2);
  await migrateToLatest(db);
  return db;
}

/** A participant of Mexico City in a 12-session cohort, signed in: the shape of a real `My programme` call. */
async function seedParticipant(db: ReturnType<typeof createDb>): Promise<string> {
  const programme = await db.insertInto('programmes').values({ title: 'Bench programme', theme: 'smart_city', modules: '[]' }).returning('id').executeTakeFirstOrThrow();
  const cohort = await db
    .insertInto('cohorts')
    .values({ programme_id: programme.id, title: 'Bench cohort', first_day: '2026-07-13', last_day: '2026-08-07' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto('people')
    .values({ email: 'bench@mexico.test', name_latin: 'Bench Participant', country: 'MX', time_zone: 'America/Mexico_City', locale: 'es' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('enrolments').values({ cohort_id: cohort.id, person_id: person.id, status: 'confirmed' }).execute();
  const sessions = Array.from({ length: 12 }, (_, i) => {
    const localStart = `${Temporal.PlainDate.from('2026-07-14').add({ days: i * 2 }).toString()}T09:00`;
    const { startsAt, endsAt } = deriveInstants(localStart, 'Asia/Seoul', 90);
    return { cohort_id: cohort.id, kind: 'lecture' as const, title: `Lecture ${i + 1}`, local_start: localStart, time_zone: 'Asia/Seoul', duration_minutes: 90, starts_at: startsAt, ends_at: endsAt, tzdb_version: tzdbVersion() };
  });
  await db.insertInto('sessions').values(sessions).execute();
  const { token } = await issueMagicLink(db, person.id, { now: new Date(), ttlMinutes: 60 });
  return token;
}

function load(url: string, options: { cookie?: string; overallRate?: number; seconds?: number } = {}) {
  return autocannon({
    url,
    connections: 50,
    duration: options.seconds ?? duration,
    ...(options.overallRate && { overallRate: options.overallRate }),
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
}

function describe(result: autocannon.Result) {
  return `${Math.round(result.requests.average).toLocaleString('en')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`;
}

async function benchHttp(token: string) {
  const target = fork(path.join(here, 'http-target.ts'), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ports = await new Promise<{ appPort: number; barePort: number }>((resolve, reject) => {
    target.once('message', (m) => resolve(m as { appPort: number; barePort: number }));
    target.once('exit', (code) => reject(new Error(`bench target exited with ${code}`)));
  });
  try {
    const redeem = await fetch(`http://127.0.0.1:${ports.appPort}/api/auth/magic-links/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    const cookie = (redeem.headers.get('set-cookie') ?? '').split(';')[0]!;
    const check = await fetch(`http://127.0.0.1:${ports.appPort}/api/me/sessions`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`GET /api/me/sessions answered ${check.status}: ${await check.text()}`);

    await load(`http://127.0.0.1:${ports.barePort}/bare`, { seconds: 2 }); // warm-up
    await load(`http://127.0.0.1:${ports.appPort}/api/me/sessions`, { cookie, seconds: 2 });
    const bare = await load(`http://127.0.0.1:${ports.barePort}/bare`);
    const real = await load(`http://127.0.0.1:${ports.appPort}/api/me/sessions`, { cookie });
    const halfRate = Math.max(1, Math.round(real.requests.average / 2));
    const paced = await load(`http://127.0.0.1:${ports.appPort}/api/me/sessions`, { cookie, overallRate: halfRate });
    const ratio = real.requests.average / bare.requests.average;
    console.log('\nHTTP (autocannon, 50 connections, %d s each, load from this process, target in a child process)', duration);
    console.log(`  baseline  bare Hono GET /bare            ${describe(bare)}`);
    console.log(`  measured  GET /api/me/sessions (auth)    ${describe(real)}`);
    console.log(`  ratio     ${ratio.toFixed(2)}x of the bare route (target >= 0.35x)`);
    console.log(`  at half the maximum (${halfRate} req/s): ${describe(paced)} (target p99 < 50 ms)`);
  } finally {
    target.kill('SIGTERM');
  }
}

async function benchRoster() {
  const rows = 10_000;
  const config = loadConfig({ ...env });
  const deps = await createDeps(config);
  try {
    const app = createApp(deps);
    const email = `bench-coordinator-${Date.now()}@seoulhrd.test`;
    await createStaffAccount(deps.db, { email, nameLatin: 'Bench Coordinator', role: 'coordinator', password: 'bench password 2026' });
    const signIn = await app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench password 2026' }) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const programme = await deps.db.insertInto('programmes').values({ title: 'Roster bench', theme: 'other', modules: '[]' }).returning('id').executeTakeFirstOrThrow();
    const cohort = await deps.db.insertInto('cohorts').values({ programme_id: programme.id, title: 'Roster bench', first_day: '2026-09-06', last_day: '2026-09-24' }).returning('id').executeTakeFirstOrThrow();

    const csv = buildRosterCsv(rows, 'import');
    const started = performance.now();
    const response = await app.request(`/api/cohorts/${cohort.id}/roster`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie, 'x-csrf-token': csrfToken }, body: csv });
    const importSeconds = (performance.now() - started) / 1000;
    if (response.status !== 200 && response.status !== 201) throw new Error(`roster import answered ${response.status}: ${(await response.text()).slice(0, 500)}`);

    // Baseline: the same number of people written with plain multi-row INSERTs, no parsing or validation.
    const baselineRows = buildRosterCsv(rows, 'baseline').split('\n').slice(1).filter(Boolean).map((line) => line.split(','));
    const baselineStarted = performance.now();
    await deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < baselineRows.length; i += 1000) {
        await trx
          .insertInto('people')
          .values(baselineRows.slice(i, i + 1000).map((r) => ({ name_latin: r[0]!, email: r[2]!, city: r[3]!, country: r[4]!, time_zone: r[5]!, locale: 'en' })))
          .execute();
      }
    });
    const baselineSeconds = (performance.now() - baselineStarted) / 1000;
    console.log(`\nRoster import of ${rows.toLocaleString('en')} rows (CSV parse, validation of every row, one transaction)`);
    console.log(`  measured  POST /api/cohorts/:id/roster   ${Math.round(rows / importSeconds).toLocaleString('en')} rows/s (${importSeconds.toFixed(2)} s)`);
    console.log(`  baseline  raw multi-row INSERT of people  ${Math.round(rows / baselineSeconds).toLocaleString('en')} rows/s (${baselineSeconds.toFixed(2)} s)`);
  } finally {
    await deps.close();
  }
}

async function benchScheduling() {
  const sink = await startSmtpSink({ parse: false });
  const deps = await createDeps(loadConfig({ ...env, SMTP_URL: sink.url }));
  try {
    const { personId } = await createStaffAccount(deps.db, { email: `bench-scheduler-${Date.now()}@seoulhrd.test`, nameLatin: 'Bench', role: 'coordinator', password: 'bench password 2026' });
    await benchSchedulingThroughput(deps, personId);
    await benchReminderLateness(deps, sink);
  } finally {
    await deps.close();
    await sink.close();
  }
}

// `npm run bench -- http roster scheduling realtime live certificates web` runs a subset; no argument runs them all.
const selected = new Set(process.argv.slice(2));
const wants = (name: string) => selected.size === 0 || selected.has(name);
const db = await resetDatabase();
const token = await seedParticipant(db);
await db.destroy();
console.log(`livecohort benchmarks on Node ${process.versions.node}, tzdb ${process.versions.tz}`);
if (wants('http')) await benchHttp(token);
if (wants('roster')) await benchRoster();
if (wants('scheduling')) await benchScheduling();
if (wants('realtime')) {
  const realtimeDb = createDb(databaseUrl, 4);
  try {
    await benchRealtime(realtimeDb, { ...env, REDIS_PREFIX: 'lcbench-rt' });
  } finally {
    await realtimeDb.destroy();
  }
}
if (wants('live')) {
  const liveDb = createDb(databaseUrl, 4);
  try {
    await benchLive(liveDb, env, duration);
  } finally {
    await liveDb.destroy();
  }
}
if (wants('certificates')) {
  await benchCertificates();
  const issuanceDb = createDb(databaseUrl, 4);
  try {
    await benchIssuance(issuanceDb);
  } finally {
    await issuanceDb.destroy();
  }
}
if (wants('web')) await benchWeb({ ...env, DATABASE_URL: databaseUrl, REDIS_PREFIX: 'lcbench-web' });
