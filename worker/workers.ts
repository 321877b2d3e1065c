import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Deps } from '../server/deps.ts';
import { AppError } from '../server/errors.ts';
import { jobDefinitions, queueNames, type JobName } from '../server/jobs/registry.ts';
import { processors, type JobHandle } from './registry.ts';

/** One BullMQ worker per queue; each job's payload is validated again before it runs. */
export function startWorkers(deps: Deps, options: { concurrency?: number } = {}) {
  const connections = queueNames.map(() => deps.redis.duplicate({ maxRetriesPerRequest: null }));
  const workers = queueNames.map((queueName, index) => {
    const worker = new Worker(
      queueName,
      async (job: Job, token?: string) => {
        const name = job.name as JobName;
        const definition = jobDefinitions[name];
        if (!definition || definition.queue !== queueName) throw new UnrecoverableError(`Unknown job kind "${job.name}" on queue ${queueName}`);
        const parsed = definition.payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${name}: ${parsed.error.message}`);
        try {
          return await (processors[name] as (deps: Deps, payload: unknown, handle: JobHandle) => Promise<unknown>)(deps, parsed.data, { job, token });
        } catch (error) {
          // Retrying cannot fix a broken rule or a missing object.
          if (error instanceof DelayedError) throw error;
          if (error instanceof AppError && error.code !== 'unavailable' && error.code !== 'internal') {
            throw new UnrecoverableError(`${error.code}: ${error.message}`);
          }
          throw error;
        }
      },
      {
        connection: connections[index]!,
        prefix: deps.config.REDIS_PREFIX,
        concurrency: options.concurrency ?? deps.config.WORKER_CONCURRENCY,
        // A worker killed mid-job holds its lock this long; then another worker takes the job again.
        lockDuration: deps.config.JOB_LOCK_DURATION_MS,
        stalledInterval: deps.config.JOB_LOCK_DURATION_MS,
      },
    );
    const log = deps.logger.child({ queue: queueName });
    worker.on('completed', (job, result) => log.info({ jobId: job.id, job: job.name, result }, 'job completed'));
    worker.on('failed', (job, error) => log.warn({ jobId: job?.id, job: job?.name, attempts: job?.attemptsMade, err: error }, 'job failed'));
    worker.on('error', (error) => log.error({ err: error }, 'worker error'));
    return worker;
  });
  return {
    workers,
    /** Waits for running jobs to finish, then releases the workers' Redis connections. */
    close: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
