import type { Server as HttpServer } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createDeps } from './deps.ts';
import { createRealtime } from './realtime/server.ts';
import { exitOnStartupError, listenFailure, loadConfigOrExit, onShutdownSignal } from './process.ts';
import { loadDemoDataIfEmpty } from './demo/demo-data.ts';
import { tzdbVersion } from './time/instants.ts';

const config = loadConfigOrExit('The livecohort server');
const deps = await createDeps(config, { prepareDatabase: true }).catch((error: unknown) => exitOnStartupError(error, 'The livecohort server'));

if (config.DEMO_DATA === 'auto') {
  const demo = await loadDemoDataIfEmpty(deps.db, { now: deps.clock.now() });
  if (demo) {
    deps.logger.info({ cohort: demo.cohortTitle, participants: demo.participants }, 'demo data loaded');
    process.stdout.write(
      `\nDemo cohort loaded: ${demo.cohortTitle} (${demo.participants} participants).\n` +
        `Sign in at ${config.PUBLIC_BASE_URL} as ${demo.coordinatorEmail} with password ${demo.coordinatorPassword}\n\n`,
    );
  }
}

const app = createApp(deps);
const httpServer = await new Promise<HttpServer>((resolve, reject) => {
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(server as HttpServer));
  server.once('error', reject);
}).catch((error: unknown) => exitOnStartupError(listenFailure(error, config.HOST, config.PORT), 'The livecohort server'));
const realtime = createRealtime(httpServer, deps);
const address = httpServer.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
deps.logger.info({ port, host: config.HOST, tzdb: tzdbVersion(), node: process.versions.node }, `listening on http://${config.HOST}:${port}`);
onShutdownSignal(deps.logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  // Stop accepting first; requests already accepted run to completion before the pools close.
  const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  // Keep-alive connections become idle as their last request ends; close them then, not after their timeout.
  const idleSweep = setInterval(() => httpServer.closeIdleConnections(), 50);
  httpServer.closeIdleConnections();
  await realtime.close();
  await httpClosed;
  clearInterval(idleSweep);
  await deps.close();
});

// Only now that a signal stops it cleanly: the parent (tests, the start script) learns the real port when PORT=0.
process.send?.({ type: 'listening', port });
