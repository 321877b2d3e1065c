// The process under load: the real app and a bare Hono route, both on @hono/node-server,
// so the load generator (bench/run.ts, another process) measures them side by side.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../server/config.ts';
import { createDeps } from '../server/deps.ts';
import { createApp } from '../server/app.ts';

const config = loadConfig();
const deps = await createDeps(config, { prepareDatabase: true });
const app = createApp(deps);

const bare = new Hono();
bare.get('/bare', (c) => c.json({ status: 'ok' }));

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    void server;
  });

const [appPort, barePort] = await Promise.all([listen(app.fetch), listen(bare.fetch)]);
process.send?.({ type: 'listening', appPort, barePort });
process.on('SIGTERM', () => {
  void deps.close().finally(() => process.exit(0));
});
