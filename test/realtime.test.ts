import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './harness/context.ts';
import { createPerson, signedInPerson } from './harness/factories.ts';
import { createRealtime } from '../server/realtime/server.ts';
import { personRoom } from '../server/realtime/server.ts';

let ctx: TestContext;
const servers: { http: HttpServer; realtime: ReturnType<typeof createRealtime>; url: string }[] = [];
const sockets: Socket[] = [];

async function startServer() {
  const http = await new Promise<HttpServer>((resolve) => {
    const server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer));
  });
  const realtime = createRealtime(http, ctx.deps);
  const entry = { http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  servers.push(entry);
  return entry;
}

function client(url: string, options: { cookie?: string; origin?: string } = {}) {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { ...(options.cookie && { cookie: options.cookie }), ...(options.origin && { origin: options.origin }) } });
  sockets.push(socket);
  return socket;
}

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });

async function signedInCookie() {
  const person = await createPerson(ctx.deps.db);
  const browser = await signedInPerson(ctx, person.id);
  return { personId: person.id, cookie: `lc_session=${browser.cookies.get('lc_session')}` };
}

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  for (const server of servers) await server.realtime.close();
  await ctx.close();
});

describe('the realtime connection', () => {
  it('a signed-in person connects on the API’s own port and gets acknowledged answers', async () => {
    const { url } = await startServer();
    const { personId, cookie } = await signedInCookie();
    const socket = client(url, { cookie });
    await connected(socket);
    const answer = await socket.emitWithAck('health:check', { echo: 'hello from Maputo' });
    expect(answer).toEqual({ data: { echo: 'hello from Maputo', personId, serverTime: expect.any(String) } });
  });

  it('a bad payload gets an error acknowledgement naming the field', async () => {
    const { url } = servers[0] ?? (await startServer());
    const { cookie } = await signedInCookie();
    const socket = client(url, { cookie });
    await connected(socket);
    const answer = await socket.emitWithAck('health:check', { echo: 42 });
    expect(answer).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('echo') } });
  });

  it('refuses a socket without a sign-in, or with a signed-out cookie', async () => {
    const { url } = servers[0] ?? (await startServer());
    await expect(connected(client(url))).rejects.toThrow('Sign in first');
    const person = await createPerson(ctx.deps.db);
    const browser = await signedInPerson(ctx, person.id);
    const cookie = `lc_session=${browser.cookies.get('lc_session')}`;
    await browser.post('/api/auth/sign-out');
    await expect(connected(client(url, { cookie }))).rejects.toThrow('Sign in first');
  });

  it('refuses a handshake from a foreign Origin', async () => {
    const { url } = servers[0] ?? (await startServer());
    const { cookie } = await signedInCookie();
    await expect(connected(client(url, { cookie, origin: 'https://evil.example' }))).rejects.toThrow();
  });

  it('disconnects a person’s sockets on every server process sharing Redis', async () => {
    const first = servers[0] ?? (await startServer());
    const second = await startServer();
    const { personId, cookie } = await signedInCookie();
    const onFirst = client(first.url, { cookie });
    const onSecond = client(second.url, { cookie });
    await Promise.all([connected(onFirst), connected(onSecond)]);
    await expect.poll(async () => (await first.realtime.io.in(personRoom(personId)).fetchSockets()).length).toBe(2);
    const gone = Promise.all([onFirst, onSecond].map((socket) => new Promise((resolve) => socket.once('disconnect', resolve))));
    ctx.deps.live.disconnectPerson(personId);
    await gone;
    expect(onFirst.connected || onSecond.connected).toBe(false);
  });
});
