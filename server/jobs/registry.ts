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
  'send-notification': {
    queue: 'notifications',
    payload: z.object({ notificationId: z.uuid() }).strict(),
    options: { attempts: 6, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: false },
  },
  'send-reminders': {
    queue: 'schedule',
    payload: z.object({ sessionId: z.uuid(), sequence: z.number().int().min(0), offsetMinutes: z.number().int().positive() }).strict(),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: false },
  },
  'open-room': {
    queue: 'schedule',
    payload: z.object({ sessionId: z.uuid(), sequence: z.number().int().min(0) }).strict(),
    options: { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: false },
  },
  'close-room': {
    queue: 'schedule',
    payload: z.object({ sessionId: z.uuid(), sequence: z.number().int().min(0) }).strict(),
    options: { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: false },
  },
  'process-livekit-event': {
    queue: 'live',
    payload: z.object({ eventId: z.string().min(1).max(200) }).strict(),
    options: { attempts: 8, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 2 * 86_400 }, removeOnFail: false },
  },
  'poll-live-rooms': {
    queue: 'live',
    payload: z.object({}).strict(),
    // A missed poll is simply the next one: no retries, little history.
    options: { attempts: 1, removeOnComplete: 20, removeOnFail: 50 },
  },
  'issue-certificates': {
    queue: 'certificates',
    payload: z.object({ runId: z.uuid() }).strict(),
    options: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: { age: 30 * 86_400 }, removeOnFail: false },
  },
  'evaluate-completion': {
    queue: 'schedule',
    payload: z.object({ cohortId: z.uuid() }).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: 200, removeOnFail: 200 },
  },
  'reconcile-schedule': {
    queue: 'schedule',
    payload: z.object({}).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 50, removeOnFail: 200 },
  },
  'rederive-instants': {
    queue: 'maintenance',
    payload: z.object({}).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: 50, removeOnFail: 200 },
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

/** Validates and adds many jobs of one kind in one round trip; `jobId` makes each add idempotent. */
export async function enqueueMany<N extends JobName>(queues: Queues, name: N, jobs: { payload: JobPayload<N>; jobId: string; delay?: number }[]) {
  if (jobs.length === 0) return [];
  const definition = jobDefinitions[name];
  const queue = queues[definition.queue];
  const added = [];
  for (let i = 0; i < jobs.length; i += 1000) {
    added.push(
      ...(await queue.addBulk(
        jobs.slice(i, i + 1000).map((job) => ({
          name,
          data: definition.payload.parse(job.payload),
          opts: { ...definition.options, jobId: job.jobId, ...(job.delay !== undefined && { delay: job.delay }) },
        })),
      )),
    );
  }
  return added;
}

/** Registers the repeatable maintenance jobs; safe to call from every process start. */
export async function scheduleMaintenance(queues: Queues, options: { pollSeconds?: number } = {}): Promise<void> {
  const repeatable: { id: string; every: number; name: JobName; data: Record<string, unknown> }[] = [
    { id: 'poll-live-rooms', every: (options.pollSeconds ?? 60) * 1000, name: 'poll-live-rooms', data: {} },
    { id: 'purge-expired-sign-ins-hourly', every: 60 * 60_000, name: 'purge-expired-sign-ins', data: { graceDays: 7 } },
    { id: 'reconcile-schedule-every-5-minutes', every: 5 * 60_000, name: 'reconcile-schedule', data: {} },
    { id: 'rederive-instants-daily', every: 24 * 60 * 60_000, name: 'rederive-instants', data: {} },
  ];
  for (const job of repeatable) {
    const definition = jobDefinitions[job.name];
    await queues[definition.queue].upsertJobScheduler(job.id, { every: job.every }, { name: job.name, data: job.data, opts: definition.options });
  }
}
