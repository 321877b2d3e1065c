// Q&A fan-out, Redis adapter cost and memory per idle participant; run through bench/run.ts.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import type { Kysely } from 'kysely';
import type { Database } from '../server/db/schema.ts';
import { hashToken } from '../server/domain/auth/tokens.ts';
import { deriveInstants, tzdbVersion } from '../server/time/instants.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startTarget(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(here, 'realtime-target.ts'), [], { env: { ...process.env, ...env }, execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`realtime target exited with ${code}`)));
  });
  return { child, port };
}

const memoryOf = (child: ChildProcess) =>
  new Promise<{ rss: number; heapUsed: number }>((resolve) => {
    const onMessage = (m: { type?: string; rss: number; heapUsed: number }) => {
      if (m.type !== 'memory') return;
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    child.send({ type: 'memory' });
  });

/** A session with `count` enrolled officials, each with a sign-in cookie. */
export async function seedRoom(db: Kysely<Database>, count: number) {
  const programme = await db.insertInto('programmes').values({ title: 'Realtime bench', theme: 'other', modules: '[]' }).returning('id').executeTakeFirstOrThrow();
  const cohort = await db.insertInto('cohorts').values({ programme_id: programme.id, title: 'Realtime bench', first_day: '2026-01-01', last_day: '2030-12-31' }).returning('id').executeTakeFirstOrThrow();
  const { startsAt, endsAt } = deriveInstants('2026-07-14T09:00', 'Asia/Seoul', 90);
  const session = await db.insertInto('sessions').values({ cohort_id: cohort.id, kind: 'lecture', title: 'Bench lecture', local_start: '2026-07-14T09:00', time_zone: 'Asia/Seoul', duration_minutes: 90, starts_at: startsAt, ends_at: endsAt, tzdb_version: tzdbVersion() }).returning('id').executeTakeFirstOrThrow();
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 1000) {
    const people = await db
      .insertInto('people')
      .values(Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ email: `rt${i + j}.${randomBytes(3).toString('hex')}@bench.test`, name_latin: `Official ${i + j}`, country: 'ID', time_zone: 'Asia/Jakarta' })))
      .returning('id')
      .execute();
    await db.insertInto('enrolments').values(people.map((p) => ({ cohort_id: cohort.id, person_id: p.id, status: 'confirmed' as const }))).execute();
    const now = new Date();
    const tokens = people.map(() => randomBytes(32).toString('base64url'));
    await db.insertInto('auth_sessions').values(people.map((p, k) => ({ token_hash: hashToken(tokens[k]!), person_id: p.id, csrf_token: 'x', method: 'magic_link' as const, created_at: now, expires_at: new Date(now.getTime() + 3_600_000) }))).execute();
    cookies.push(...tokens.map((t) => `lc_session=${t}`));
  }
  return { sessionId: session.id, cookies };
}

function open(url: string, cookie?: string): Promise<Socket> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, ...(cookie && { extraHeaders: { cookie } }) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function openMany(count: number, make: (i: number) => Promise<Socket>): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, count - i) }, (_, j) => make(i + j)))));
  return sockets;
}

interface FanOut {
  deliveredPerSecond: number;
  p50: number;
  p99: number;
}

/** `senders` post one message a second each for `seconds`; every listener receives every message. */
async function measureFanOut(listeners: Socket[], senders: Socket[], seconds: number, send: (socket: Socket, body: string) => Promise<unknown>, event: string, bodyOf: (payload: any) => string): Promise<FanOut> {
  let delivered = 0;
  const latencies: number[] = [];
  for (const socket of listeners) {
    socket.on(event, (payload: unknown) => {
      delivered += 1;
      const sentAt = Number(bodyOf(payload).split('|')[1]);
      if (sentAt) latencies.push(performance.timeOrigin + performance.now() - sentAt);
    });
  }
  const started = performance.now();
  const interval = 1000 / senders.length;
  const pending: Promise<unknown>[] = [];
  for (let tick = 0; performance.now() - started < seconds * 1000; tick++) {
    const socket = senders[tick % senders.length]!;
    pending.push(send(socket, `bench|${performance.timeOrigin + performance.now()}`));
    const next = started + (tick + 1) * interval;
    await sleep(Math.max(0, next - performance.now()));
  }
  await Promise.all(pending);
  await sleep(1000);
  const elapsed = (performance.now() - started) / 1000;
  for (const socket of listeners) socket.off(event);
  return { deliveredPerSecond: delivered / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const fmt = (r: FanOut) => `${Math.round(r.deliveredPerSecond).toLocaleString('en')} deliveries/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;

export async function benchRealtime(db: Kysely<Database>, env: Record<string, string>) {
  const LISTENERS = 500;
  const SENDERS = 50;
  const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10) / 2;
  const room = await seedRoom(db, LISTENERS + SENDERS);
  const results: Record<string, { full: FanOut; raw?: FanOut }> = {};
  for (const adapter of ['redis', 'memory'] as const) {
    const target = await startTarget({ ...env, REALTIME_ADAPTER: adapter });
    const url = `http://127.0.0.1:${target.port}`;
    try {
      const all = await openMany(LISTENERS + SENDERS, (i) => open(url, room.cookies[i]));
      await Promise.all(all.map((s) => s.emitWithAck('room:join', { room: { type: 'session', sessionId: room.sessionId } })));
      const full = await measureFanOut(all.slice(0, LISTENERS), all.slice(LISTENERS), SECONDS, (s, body) => s.emitWithAck('qa:ask', { sessionId: room.sessionId, body }), 'qa:asked', (p) => p.payload.question.body);
      let raw: FanOut | undefined;
      if (adapter === 'redis') {
        const rawSockets = await openMany(LISTENERS + SENDERS, () => open(`${url}/raw`));
        raw = await measureFanOut(rawSockets.slice(0, LISTENERS), rawSockets.slice(LISTENERS), SECONDS, (s, body) => s.emitWithAck('say', { sessionId: room.sessionId, body }), 'said', (p) => p.body);
        rawSockets.forEach((s) => s.disconnect());
      }
      all.forEach((s) => s.disconnect());
      results[adapter] = raw ? { full, raw } : { full };
    } finally {
      target.child.kill('SIGTERM');
      await new Promise((r) => target.child.once('exit', r));
    }
    // Questions of the first run would count against the posting limit of the second.
    await db.deleteFrom('questions').execute();
  }
  const redis = results['redis']!;
  const memory = results['memory']!;
  console.log(`\nQ&A fan-out: ${LISTENERS} clients in one session room, ${SENDERS} askers at one question a second each, ${SECONDS} s`);
  console.log(`  measured  full path (auth'd socket, validation, rate limit, insert with sequence, broadcast)  ${fmt(redis.full)}`);
  console.log(`  baseline  raw io.to(room).emit of the same payloads to the same number of clients           ${fmt(redis.raw!)}`);
  console.log(`  ratio     ${(redis.full.deliveredPerSecond / redis.raw!.deliveredPerSecond).toFixed(2)}x deliveries (target >= 0.8x); p99 ${(redis.full.p99 / redis.raw!.p99).toFixed(2)}x the raw p99 (target <= 1.5x and < 100 ms)`);
  console.log(`\nThe same full path with the Redis streams adapter against the in-memory adapter`);
  console.log(`  measured  Redis adapter      ${fmt(redis.full)}`);
  console.log(`  baseline  in-memory adapter  ${fmt(memory.full)}`);
  console.log(`  ratio     ${(redis.full.deliveredPerSecond / memory.full.deliveredPerSecond).toFixed(2)}x (target >= 0.8x)`);

  // Memory per idle participant: 2,000 signed-in sockets in the session room against 2,000 raw sockets.
  const IDLE = 2000;
  const idleRoom = await seedRoom(db, IDLE);
  const perSocket: Record<string, number> = {};
  for (const kind of ['full', 'raw'] as const) {
    const target = await startTarget({ ...env, REALTIME_ADAPTER: 'redis' });
    const url = `http://127.0.0.1:${target.port}`;
    try {
      const before = await memoryOf(target.child);
      const sockets = await openMany(IDLE, (i) => (kind === 'full' ? open(url, idleRoom.cookies[i]) : open(`${url}/raw`)));
      if (kind === 'full') await Promise.all(sockets.map((s) => s.emitWithAck('room:join', { room: { type: 'session', sessionId: idleRoom.sessionId } })));
      await sleep(1000);
      const after = await memoryOf(target.child);
      perSocket[kind] = (after.heapUsed - before.heapUsed) / IDLE;
      sockets.forEach((s) => s.disconnect());
    } finally {
      target.child.kill('SIGTERM');
      await new Promise((r) => target.child.once('exit', r));
    }
  }
  console.log(`\nMemory per idle participant (${IDLE.toLocaleString('en')} sockets, JS heap after GC)`);
  console.log(`  measured  signed in, in the session room   ${(perSocket['full']! / 1024).toFixed(1)} KiB`);
  console.log(`  baseline  raw Socket.IO socket in a room    ${(perSocket['raw']! / 1024).toFixed(1)} KiB`);
  console.log(`  ratio     ${(perSocket['full']! / perSocket['raw']!).toFixed(2)}x (target <= 1.5x)`);
}
