import { z } from 'zod';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Every job kind: its queue, payload schema (ids and numbers only, never personal data) and options. */
export const jobDefinitions = {
  'purge-expired-sign-ins': {
    queue: 'maintenance',
    payload: z.object({ graceDays: z.number().int().min(0).max(365) }).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 100, removeOnFail: false },
  },
} as const satisfies Record<string, { queue: string; payload: z.ZodType; options: JobsOptions }>;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['payload']>;
export type QueueName = (typeof jobDefinitions)[JobName]['queue'];
export const queueNames = [...new Set(Object.values(jobDefinitions).map((d) => d.queue))] as QueueName[];

export type Queues = Record<QueueName, Queue> & { close(): Promise<void> };

export function createQueues(connection: Redis, prefix: string): Queues {
  const entries = queueNames.map((name) => [name, new Queue(name, { connection, prefix })] as const);
  const queues = Object.fromEntries(entries) as Record<QueueName, Queue>;
  return {
    ...queues,
    close: async () => {
      await Promise.all(entries.map(([, queue]) => queue.close()));
    },
  };
}

/** Validates the payload before it reaches Redis and applies the kind's default options. */
export async function enqueue<N extends JobName>(queues: Queues, name: N, payload: JobPayload<N>, options: JobsOptions = {}) {
  const definition = jobDefinitions[name];
  const data = definition.payload.parse(payload);
  return queues[definition.queue].add(name, data, { ...definition.options, ...options });
}

/** Registers the repeatable maintenance jobs; safe to call from every process start. */
export async function scheduleMaintenance(queues: Queues): Promise<void> {
  const definition = jobDefinitions['purge-expired-sign-ins'];
  await queues[definition.queue].upsertJobScheduler(
    'purge-expired-sign-ins-hourly',
    { every: 60 * 60 * 1000 },
    { name: 'purge-expired-sign-ins', data: { graceDays: 7 }, opts: definition.options },
  );
}
