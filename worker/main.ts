import { createDeps } from '../server/deps.ts';
import { scheduleMaintenance } from '../server/jobs/registry.ts';
import { exitOnStartupError, loadConfigOrExit, onShutdownSignal } from '../server/process.ts';
import { startWorkers } from './workers.ts';

const config = loadConfigOrExit('The livecohort worker');
const deps = await createDeps(config, { prepareDatabase: true, forWorker: true }).catch((error: unknown) =>
  exitOnStartupError(error, 'The livecohort worker'),
);
await scheduleMaintenance(deps.queues, { pollSeconds: config.LIVEKIT_POLL_SECONDS });
const running = startWorkers(deps);
deps.logger.info({ queues: running.workers.map((w) => w.name) }, 'worker started');
onShutdownSignal(deps.logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  // Let running jobs finish, then release Redis and PostgreSQL.
  await running.close();
  await deps.close();
});

// Only now that a signal stops it cleanly.
process.send?.({ type: 'ready' });
