import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createCohort, createProgramme, createSession } from './harness/factories.ts';
import { listening, spawnEntry, type Spawned } from './harness/processes.ts';
import { hashToken } from '../server/domain/auth/tokens.ts';

let ctx: TestContext;
const processes: Spawned[] = [];
const clients: Socket[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  processes.forEach((p) => p.child.kill('SIGKILL'));
  await ctx.close();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

async function startServer(port: number) {
  const spawned = spawnEntry('server/main.ts', {
    DATABASE_URL: ctx.config.DATABASE_URL,
    REDIS_URL: ctx.config.REDIS_URL,
    REDIS_PREFIX: ctx.config.REDIS_PREFIX,
    PORT: String(port),
    DEMO_DATA: 'off',
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
  });
  processes.push(spawned);
  await listening(spawned);
  return spawned;
}

/** `count` enrolled participants with sign-in cookies, written straight to the database. */
async function participants(cohortId: string, count: number) {
  const people = await ctx.deps.db
    .insertInto('people')
    .values(Array.from({ length: count }, (_, i) => ({ email: `p${i}.${randomBytes(4).toString('hex')}@bandung.test`, name_latin: `Official ${i}`, country: 'ID', time_zone: 'Asia/Jakarta' })))
    .returning('id')
    .execute();
  await ctx.deps.db.insertInto('enrolments').values(people.map((p) => ({ cohort_id: cohortId, person_id: p.id, status: 'confirmed' as const }))).execute();
  const now = new Date();
  return Promise.all(
    people.map(async (person) => {
      const token = randomBytes(32).toString('base64url');
      await ctx.deps.db.insertInto('auth_sessions').values({ token_hash: hashToken(token), person_id: person.id, csrf_token: 'x', method: 'magic_link', created_at: now, expires_at: new Date(now.getTime() + 3_600_000) }).execute();
      return { personId: person.id, cookie: `lc_session=${token}` };
    }),
  );
}

/**
 * What the web app does: joins the session room on every (re)connection and asks for every event after
 * the last one it has, so its list of questions stays exactly the database's.
 */
function followSession(url: string, cookie: string, sessionId: string) {
  const socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  clients.push(socket);
  const room = { type: 'session', sessionId };
  const events = new Map<number, { kind: string; payload: any }>();
  // The highest sequence up to which nothing is missing: what to resync from.
  let contiguous = 0;
  let syncing: Promise<void> | undefined;
  const sync = () =>
    (syncing ??= (async () => {
      try {
        for (let complete = false; !complete; ) {
          const answer = await socket.emitWithAck('room:sync', { room, after: contiguous });
          answer.data.events.forEach(record);
          complete = answer.data.complete;
        }
      } finally {
        syncing = undefined;
      }
    })());
  const record = (event: { sequence: number; kind: string; payload: any }) => {
    if (events.has(event.sequence)) return;
    events.set(event.sequence, event);
    while (events.has(contiguous + 1)) contiguous += 1;
  };
  const take = (event: { sequence: number; kind: string; payload: any }) => {
    record(event);
    // A broadcast that skips ahead shows a gap (it arrived while we were away or catching up).
    if (event.sequence > contiguous) void sync().catch(() => undefined);
  };
  for (const kind of ['qa:asked', 'qa:voted', 'chat:sent']) socket.on(kind, take);
  const ready = new Promise<void>((resolve) => {
    socket.on('connect', async () => {
      try {
        await socket.emitWithAck('room:join', { room });
        await sync();
        resolve();
      } catch {
        // Disconnected again while catching up: the next connection starts over from `contiguous`.
      }
    });
  });
  return {
    socket,
    ready,
    questionIds: () => [...events.keys()].sort((a, b) => a - b).map((s) => events.get(s)!).filter((e) => e.kind === 'qa:asked').map((e) => e.payload.question.id),
    /** What the client shows: every event it holds, in room-sequence order. */
    shownOrder: () => [...events.keys()].sort((a, b) => a - b).map((s) => events.get(s)!.kind + '#' + s),
    lastSequence: () => contiguous,
  };
}

describe('two server processes sharing Redis', () => {
  it('clients on different processes see each other’s messages, votes and questions in the same order', async () => {
    // Arrival order can differ between processes (a local emit overtakes one relayed through Redis);
    // the room sequence, assigned at commit, is the order every client shows.
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const session = await createSession(ctx.deps.db, cohort.id);
    const [portA, portB] = [await freePort(), await freePort()];
    await Promise.all([startServer(portA), startServer(portB)]);
    const [alice, bob] = await participants(cohort.id, 2);
    const onA = followSession(`http://127.0.0.1:${portA}`, alice!.cookie, session.id);
    const onB = followSession(`http://127.0.0.1:${portB}`, bob!.cookie, session.id);
    await Promise.all([onA.ready, onB.ready]);
    const room = { type: 'session', sessionId: session.id };
    const asked = await onB.socket.emitWithAck('qa:ask', { sessionId: session.id, body: 'Does the reform need new buses?' });
    await Promise.all([
      ...[1, 2, 3].map((i) => onA.socket.emitWithAck('chat:send', { room, body: `from A ${i}` })),
      ...[1, 2].map((i) => onB.socket.emitWithAck('qa:ask', { sessionId: session.id, body: `from B ${i}` })),
      onA.socket.emitWithAck('qa:vote', { questionId: asked.data.payload.question.id }),
    ]);
    await expect.poll(() => [onA.lastSequence(), onB.lastSequence()]).toEqual([7, 7]);
    expect(onA.shownOrder()).toEqual(onB.shownOrder());
    expect(onA.shownOrder().map((e) => Number(e.split('#')[1]))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const stored = await ctx.deps.db.selectFrom('room_events').select(['kind', 'sequence']).where('room', '=', `session:${session.id}`).orderBy('sequence').execute();
    expect(onA.shownOrder()).toEqual(stored.map((e) => `${e.kind}#${e.sequence}`));
  }, 60_000);

  it('after a server process restarts under 200 connected clients, every client’s questions equal the database’s', async () => {
    const cohort = await createCohort(ctx.deps.db, (await createProgramme(ctx.deps.db)).id);
    const session = await createSession(ctx.deps.db, cohort.id);
    const [portA, portB] = [await freePort(), await freePort()];
    const [serverA] = await Promise.all([startServer(portA), startServer(portB)]);
    const people = await participants(cohort.id, 220);
    // Twenty askers on the other process take turns, each well inside the posting rate limit.
    const askers = people.slice(200).map((p) => followSession(`http://127.0.0.1:${portB}`, p.cookie, session.id));
    const asker = askers[0]!;
    const followers = people.slice(0, 200).map((p) => followSession(`http://127.0.0.1:${portA}`, p.cookie, session.id));
    await Promise.all([...askers.map((a) => a.ready), ...followers.map((f) => f.ready)]);

    let asking = true;
    let refused = 0;
    const askingLoop = (async () => {
      for (let i = 0; asking; i++) {
        const answer = await askers[i % askers.length]!.socket.emitWithAck('qa:ask', { sessionId: session.id, body: `question ${i}` });
        if (answer.error) refused += 1;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    serverA!.child.kill('SIGTERM');
    expect(await serverA!.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    await startServer(portA);
    await new Promise((r) => setTimeout(r, 500));
    asking = false;
    await askingLoop;

    const inDatabase = (await ctx.deps.db.selectFrom('questions').select('id').where('session_id', '=', session.id).orderBy('created_at').orderBy('id').execute()).map((q) => q.id);
    const finalSequence = Number((await ctx.deps.db.selectFrom('discussion_rooms').select('last_sequence').where('name', '=', `session:${session.id}`).executeTakeFirstOrThrow()).last_sequence);
    await expect.poll(() => followers.filter((f) => f.lastSequence() === finalSequence).length, { timeout: 30_000 }).toBe(200);
    expect(refused).toBe(0);
    const bySequence = asker.questionIds();
    expect(bySequence).toHaveLength(inDatabase.length);
    expect(new Set(bySequence)).toEqual(new Set(inDatabase));
    for (const follower of followers) expect(follower.questionIds()).toEqual(bySequence);
  }, 120_000);
});
