import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createPerson, signedInPerson } from './harness/factories.ts';
import { createRealtime, personRoom } from '../server/realtime/server.ts';

type Instance = { http: HttpServer; realtime: ReturnType<typeof createRealtime>; url: string };

let ctx: TestContext;
let first: Instance;
let second: Instance;
const sockets: Socket[] = [];

/** One more server process, as far as Socket.IO can tell: its own HTTP server and adapter, the same Redis. */
async function startInstance(): Promise<Instance> {
  const http = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer));
  });
  const realtime = createRealtime(http, ctx.deps);
  return { http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

function open(url: string, headers: { cookie?: string; origin?: string } = {}): Socket {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { ...headers } });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function signedIn() {
  const person = await createPerson(ctx.deps.db);
  const browser = await signedInPerson(ctx, person.id);
  return { personId: person.id, browser, cookie: `lc_session=${browser.cookies.get('lc_session')}` };
}

beforeAll(async () => {
  ctx = await createTestContext();
  first = await startInstance();
  second = await startInstance();
});
afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  await first.realtime.close();
  await second.realtime.close();
  await ctx.close();
});

describe('connecting', () => {
  it('a signed-in person connects on the API’s own port and gets acknowledged answers', async () => {
    const { personId, cookie } = await signedIn();
    const socket = await connected(open(first.url, { cookie }));
    const answer = await socket.emitWithAck('health:check', { echo: 'hello from Maputo' });
    expect(answer).toEqual({ data: { echo: 'hello from Maputo', personId, serverTime: ctx.deps.clock.now().toISOString() } });
  });

  it('a bad payload gets an invalid_request acknowledgement naming the field, and the socket stays usable', async () => {
    const { cookie } = await signedIn();
    const socket = await connected(open(first.url, { cookie }));
    expect(await socket.emitWithAck('health:check', { echo: 42 })).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('echo') } });
    expect(await socket.emitWithAck('health:check', { echo: 'still here' })).toMatchObject({ data: { echo: 'still here' } });
  });

  it('is refused without a sign-in, or with a cookie that was signed out', async () => {
    await expect(connected(open(first.url))).rejects.toThrow('Sign in first');
    const { browser, cookie } = await signedIn();
    await browser.post('/api/auth/sign-out');
    await expect(connected(open(first.url, { cookie }))).rejects.toThrow('Sign in first');
  });

  it('is refused from a foreign Origin, even with a valid cookie, and accepted from our own', async () => {
    const { cookie } = await signedIn();
    await expect(connected(open(first.url, { cookie, origin: 'https://evil.example' }))).rejects.toThrow();
    await expect(connected(open(first.url, { cookie, origin: ctx.config.PUBLIC_BASE_URL }))).resolves.toBeDefined();
  });
});

describe('several server processes sharing Redis', () => {
  it('a broadcast from one process reaches the person’s sockets on every process', async () => {
    const { personId, cookie } = await signedIn();
    const onFirst = await connected(open(first.url, { cookie }));
    const onSecond = await connected(open(second.url, { cookie }));
    await expect.poll(async () => (await second.realtime.io.in(personRoom(personId)).fetchSockets()).length).toBe(2);
    const received = [onFirst, onSecond].map((socket) => new Promise((resolve) => socket.once('session:ended', resolve)));
    first.realtime.io.to(personRoom(personId)).emit('session:ended', { reason: 'the lecturer ended the session' });
    expect(await Promise.all(received)).toEqual([{ reason: 'the lecturer ended the session' }, { reason: 'the lecturer ended the session' }]);
  });

  it('disconnectPerson closes that person’s sockets on every process and nobody else’s', async () => {
    const { personId, cookie } = await signedIn();
    const bystander = await connected(open(first.url, { cookie: (await signedIn()).cookie }));
    const onFirst = await connected(open(first.url, { cookie }));
    const onSecond = await connected(open(second.url, { cookie }));
    await expect.poll(async () => (await first.realtime.io.in(personRoom(personId)).fetchSockets()).length).toBe(2);
    const gone = Promise.all([onFirst, onSecond].map((socket) => new Promise((resolve) => socket.once('disconnect', resolve))));
    ctx.deps.live.disconnectPerson(personId);
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await bystander.emitWithAck('health:check', {})).toMatchObject({ data: { echo: null } });
    expect(bystander.connected).toBe(true);
  });
});
