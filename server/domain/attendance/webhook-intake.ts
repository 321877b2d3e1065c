import type { Kysely } from 'kysely';
import type { WebhookEvent } from 'livekit-server-sdk';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { enqueueMany, type Queues } from '../../jobs/registry.ts';
import { livekitEventJobId } from '../../jobs/livekit.jobs.ts';
import { fromSeconds } from './evidence.service.ts';

interface Pending {
  event: WebhookEvent;
  json: unknown;
  resolve(stored: boolean): void;
  reject(error: unknown): void;
}


/**
 * Stores verified webhooks once by event id and enqueues their processing, grouping the webhooks that
 * arrive in the same turn of the event loop into one INSERT and one Redis round trip (a group commit).
 * Alone, a webhook waits for nothing; under load, many share the cost. Each caller learns whether its
 * event was new; a repeat (LiveKit retrying) is enqueued again too, harmlessly (the job id makes it once),
 * so an event stored just before a lost enqueue still gets processed.
 */
export function createWebhookIntake(deps: { db: Kysely<Database>; queues: Queues; clock: Clock }) {
  let pending: Pending[] = [];
  let scheduled = false;

  async function flush() {
    const batch = pending;
    pending = [];
    scheduled = false;
    try {
      const receivedAt = deps.clock.now();
      const first = new Map<string, Pending>();
      for (const item of batch) if (!first.has(item.event.id)) first.set(item.event.id, item);
      const inserted = await deps.db
        .insertInto('livekit_events')
        .values(
          [...first.values()].map(({ event, json }) => ({
            id: event.id,
            event: event.event,
            room_name: event.room?.name ?? null,
            created_at: fromSeconds(event.createdAt) ?? receivedAt,
            received_at: receivedAt,
            body: JSON.stringify(json),
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      await enqueueMany(deps.queues, 'process-livekit-event', [...first.keys()].map((id) => ({ payload: { eventId: id }, jobId: livekitEventJobId(id) })));
      const stored = new Set(inserted.map((row) => row.id));
      for (const item of batch) item.resolve(first.get(item.event.id) === item && stored.has(item.event.id));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  return {
    /** Resolves once the event is stored and its processing enqueued: true if it was new. */
    receive(event: WebhookEvent, json: unknown): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        pending.push({ event, json, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}
