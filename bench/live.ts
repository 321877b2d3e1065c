// Live sessions: webhook ingestion, joining, and the attendance computation, each beside a baseline of the same run.
import { createHash, randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Kysely } from 'kysely';
import { AccessToken, ParticipantInfo, Room, WebhookEvent } from 'livekit-server-sdk';
import type { Database } from '../server/db/schema.ts';
import { issueMagicLink } from '../server/domain/auth/auth.service.ts';
import { cohortAttendance } from '../server/domain/attendance/attendance.service.ts';
import { deriveInstants, tzdbVersion } from '../server/time/instants.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const MINUTE = 60_000;

function describe(result: autocannon.Result) {
  return `${Math.round(result.requests.average).toLocaleString('en')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`;
}

/** A cohort with one session live now (on the real clock: the target process runs on it) and its participants. */
async function seedLiveCohort(db: Kysely<Database>, people: number) {
  const programme = await db.insertInto('programmes').values({ title: 'Live bench', theme: 'smart_city', modules: '[]' }).returning('id').executeTakeFirstOrThrow();
  const today = new Date().toISOString().slice(0, 10);
  const cohort = await db.insertInto('cohorts').values({ programme_id: programme.id, title: 'Live bench', first_day: today, last_day: today, host_time_zone: 'UTC' }).returning('id').executeTakeFirstOrThrow();
  const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 5 * MINUTE);
  const localStart = start.toISOString().slice(0, 16);
  const { startsAt, endsAt } = deriveInstants(localStart, 'UTC', 90);
  const session = await db
    .insertInto('sessions')
    .values({ cohort_id: cohort.id, kind: 'lecture', title: 'Live bench lecture', local_start: localStart, time_zone: 'UTC', duration_minutes: 90, starts_at: startsAt, ends_at: endsAt, tzdb_version: tzdbVersion() })
    .returning(['id', 'starts_at', 'ends_at'])
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  for (let i = 0; i < people; i++) {
    const person = await db
      .insertInto('people')
      .values({ email: `live-bench-${i}-${randomUUID()}@bench.test`, name_latin: `Live bench ${i}`, country: 'MZ', time_zone: 'Africa/Maputo', locale: 'pt' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('enrolments').values({ cohort_id: cohort.id, person_id: person.id, status: 'confirmed' }).execute();
    ids.push(person.id);
  }
  return { cohortId: cohort.id, session, people: ids };
}

/** Signed like LiveKit signs: a bare 5-minute token whose sha256 claim is the body's hash. */
async function signedWebhooks(count: number, roomName: string, identity: string) {
  const requests: { body: string; authorization: string }[] = [];
  for (let i = 0; i < count; i++) {
    const event = new WebhookEvent({
      id: `EV_bench${i}_${randomUUID().slice(0, 8)}`,
      createdAt: BigInt(Math.floor(Date.now() / 1000)),
      room: new Room({ sid: 'RM_bench', name: roomName }),
      participant: new ParticipantInfo({ sid: `PA_bench${i}`, identity, joinedAt: BigInt(Math.floor(Date.now() / 1000)) }),
    });
    event.event = i % 2 ? 'participant_left' : 'participant_joined';
    const body = event.toJsonString();
    const token = new AccessToken('devkey', 'secret', { ttl: '10m' });
    token.sha256 = createHash('sha256').update(body).digest('base64');
    requests.push({ body, authorization: await token.toJwt() });
  }
  return requests;
}

function webhookLoad(url: string, pool: { body: string; authorization: string }[], options: { seconds: number; overallRate?: number }) {
  let next = 0;
  return autocannon({
    url,
    method: 'POST',
    connections: 50,
    duration: options.seconds,
    ...(options.overallRate && { overallRate: options.overallRate }),
    requests: [
      {
        setupRequest: (request) => {
          const { body, authorization } = pool[next++ % pool.length]!;
          return { ...request, method: 'POST', body, headers: { ...request.headers, authorization, 'content-type': 'application/webhook+json' } };
        },
      },
    ],
  });
}

export async function benchLive(db: Kysely<Database>, env: Record<string, string>, duration: number) {
  const target = fork(path.join(here, 'http-target.ts'), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ports = await new Promise<{ appPort: number; barePort: number }>((resolve, reject) => {
    target.once('message', (m) => resolve(m as { appPort: number; barePort: number }));
    target.once('exit', (code) => reject(new Error(`bench target exited with ${code}`)));
  });
  try {
    const app = `http://127.0.0.1:${ports.appPort}`;
    const bareUrl = `http://127.0.0.1:${ports.barePort}/bare`;
    const { session, people } = await seedLiveCohort(db, 1);
    const webhookUrl = `${app}/api/livekit/webhook`;
    const steadySeconds = 30;
    const pool = await signedWebhooks(500 * steadySeconds + 20_000, `session-${session.id}`, people[0]!);

    const bare = autocannon({ url: bareUrl, connections: 50, duration });
    const bareResult = await bare;
    const steady = await webhookLoad(webhookUrl, pool, { seconds: steadySeconds, overallRate: 500 });
    const max = await webhookLoad(webhookUrl, pool, { seconds: duration });
    const stored = await db.selectFrom('livekit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`\nLiveKit webhook ingestion (verify the signature on the raw body, store once, enqueue; target in a child process)`);
    console.log(`  baseline  bare Hono GET /bare                   ${describe(bareResult)}`);
    console.log(`  steady    500 events/s for ${steadySeconds} s                   ${describe(steady)} (target p99 < 200 ms)`);
    console.log(`  maximum   POST /api/livekit/webhook             ${describe(max)}`);
    console.log(`  ratio     ${(max.requests.average / bareResult.requests.average).toFixed(2)}x of the bare route (target >= 0.3x); ${Number(stored.n).toLocaleString('en')} events stored`);

    // Joining: a participant signed in with a magic link, inside the join window.
    const { token } = await issueMagicLink(db, people[0]!, { now: new Date(), ttlMinutes: 60 });
    const redeem = await fetch(`${app}/api/auth/magic-links/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const cookie = (redeem.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await redeem.json()) as { csrfToken: string };
    const joinUrl = `${app}/api/sessions/${session.id}/join`;
    const check = await fetch(joinUrl, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    if (check.status !== 200) throw new Error(`join answered ${check.status}: ${await check.text()}`);
    const bareAgain = await autocannon({ url: bareUrl, connections: 50, duration });
    const join = await autocannon({ url: joinUrl, method: 'POST', connections: 50, duration, headers: { cookie, 'x-csrf-token': csrfToken } });
    console.log(`\nPOST /api/sessions/:id/join (authenticated, enrolment and window checked, LiveKit token signed)`);
    console.log(`  baseline  bare Hono GET /bare                   ${describe(bareAgain)}`);
    console.log(`  measured  POST /api/sessions/:id/join           ${describe(join)}`);
    console.log(`  ratio     ${(join.requests.average / bareAgain.requests.average).toFixed(2)}x of the bare route (target >= 0.5x)`);
  } finally {
    target.kill('SIGTERM');
  }
  await benchAttendanceComputation(db);
}

/** 30 people, a 90-minute session, 5,000 pieces of evidence: reconnects, drops and a poll every minute. */
async function benchAttendanceComputation(db: Kysely<Database>) {
  const { cohortId, session, people } = await seedLiveCohort(db, 30);
  const start = session.starts_at.getTime();
  const room = `session-${session.id}`;
  const rows: Parameters<typeof insertRows>[1] = [];
  let random = 12345;
  const next = () => (random = (random * 16807) % 2147483647) / 2147483647;
  people.forEach((personId, index) => {
    // Each person reconnects every few minutes: a join and a leave per connection, with the poll seeing them in between.
    let t = start - 5 * MINUTE + index * 1000;
    let connection = 0;
    while (t < start + 95 * MINUTE) {
      const length = (2 + next() * 4) * MINUTE;
      const sid = `PA_${index}_${connection++}`;
      rows.push({ session_id: session.id, person_id: personId, source: 'webhook', kind: 'joined', at: new Date(t), joined_at: new Date(t), participant_sid: sid, room_name: room, ref: `EV_${sid}_j` });
      rows.push({ session_id: session.id, person_id: personId, source: 'webhook', kind: 'left', at: new Date(t + length), joined_at: new Date(t), participant_sid: sid, room_name: room, ref: `EV_${sid}_l` });
      t += length + next() * 90_000;
    }
  });
  for (let minute = -5; minute <= 95 && rows.length < 5_000; minute++) {
    const at = new Date(start + minute * MINUTE);
    rows.push({ session_id: session.id, person_id: null, source: 'poll', kind: 'poll', at, joined_at: null, participant_sid: null, room_name: room, ref: `poll_${minute}` });
    for (const personId of people) {
      if (rows.length >= 5_000) break;
      rows.push({ session_id: session.id, person_id: personId, source: 'poll', kind: 'seen', at, joined_at: new Date(start - 5 * MINUTE), participant_sid: `PA_poll_${personId}`, room_name: room, ref: `poll_${minute}` });
    }
  }
  await insertRows(db, rows.slice(0, 5_000));
  const actor = { personId: people[0]!, staffRole: 'coordinator' as const, authSessionId: 'bench' };
  const settings = { reconnectGraceSeconds: 60, closeGraceMinutes: 15 };
  const after = new Date(session.ends_at.getTime() + 30 * MINUTE);
  await cohortAttendance(db, actor, cohortId, settings, after); // warm-up
  const runs = 20;
  let started = performance.now();
  for (let i = 0; i < runs; i++) await cohortAttendance(db, actor, cohortId, settings, after);
  const computed = (performance.now() - started) / runs;
  started = performance.now();
  for (let i = 0; i < runs; i++) await db.selectFrom('attendance_evidence').selectAll().where('session_id', '=', session.id).execute();
  const fetched = (performance.now() - started) / runs;
  console.log(`\nAttendance computation: 30 people, a 90-minute session, ${Math.min(rows.length, 5_000).toLocaleString('en')} pieces of evidence (mean of ${runs})`);
  console.log(`  measured  GET-equivalent: the final matrix       ${computed.toFixed(1)} ms`);
  console.log(`  baseline  reading the same evidence rows only   ${fetched.toFixed(1)} ms`);
}

async function insertRows(db: Kysely<Database>, rows: import('kysely').Insertable<Database['attendance_evidence']>[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('attendance_evidence').values(rows.slice(i, i + 1000)).execute();
}
