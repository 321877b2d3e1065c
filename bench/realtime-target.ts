// The process under load for the realtime benchmarks: the real app with Socket.IO on one port, and a
// raw Socket.IO namespace (/raw) that only relays, on the same server, for the baseline.
import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { loadConfig } from '../server/config.ts';
import { createDeps } from '../server/deps.ts';
import { createApp } from '../server/app.ts';
import { createRealtime } from '../server/realtime/server.ts';

const config = loadConfig();
const deps = await createDeps(config);
const app = createApp(deps);
const http = await new Promise<HttpServer>((resolve) => {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as HttpServer));
});
const realtime = createRealtime(http, deps);
// An untyped namespace: the baseline speaks none of the application's events.
const raw = (realtime.io as unknown as import('socket.io').Server).of('/raw');
raw.on('connection', (socket) => {
  socket.join('room');
  socket.on('say', (payload: unknown, ack?: () => void) => {
    raw.to('room').emit('said', payload);
    ack?.();
  });
});
const address = http.address();
process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'memory') {
    globalThis.gc?.();
    process.send?.({ type: 'memory', rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
  }
});
process.on('SIGTERM', () => {
  void realtime.close().then(() => deps.close()).finally(() => process.exit(0));
});
