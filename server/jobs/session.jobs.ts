import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SessionChange } from '../domain/sessions/sessions.service.ts';
import { queueSessionChange } from '../domain/notifications/outbox.service.ts';
import type { Queues } from './registry.ts';
import { dropReminders, enqueueDeliveries, scheduleReminders } from './delivery.jobs.ts';
import { scheduleRoomJobs } from './room.jobs.ts';
import type { Config } from '../config.ts';

/**
 * Inside the transaction that changed the sessions: the outbox rows of the mails announcing a new,
 * moved or cancelled session, so the messages exist if and only if the change does.
 */
export async function recordSessionChangeMessages(trx: Kysely<Database>, changes: SessionChange[], context: { now: Date; domain: string }): Promise<string[]> {
  const pending: string[] = [];
  for (const change of changes) {
    if (!change.invitationsSent || change.kind === 'edited') continue;
    const previous = change.kind === 'created' ? 'added' : change.previous;
    if (!previous) continue;
    const queued = await queueSessionChange(
      trx,
      { id: change.session.id, cohortId: change.session.cohort_id, sequence: change.session.sequence, cancelled: change.kind === 'cancelled' },
      previous === 'added' ? previous : { startsAt: previous.startsAt, endsAt: previous.endsAt },
      context,
    );
    pending.push(...queued.pendingIds);
  }
  return pending;
}

/** After the commit: send the mails and move the reminder jobs (the reconcile job repairs a crash in between). */
export async function scheduleSessionChangeJobs(queues: Queues, changes: SessionChange[], pendingIds: string[], now: Date, config: Pick<Config, 'ROOM_LEAD_MINUTES' | 'ROOM_GRACE_MINUTES'>): Promise<void> {
  await enqueueDeliveries(queues, pendingIds);
  for (const change of changes) {
    if (change.previous) await dropReminders(queues, change.session.id, change.previous.sequence, change.reminderOffsets);
    const s = change.session;
    await scheduleReminders(queues, [{ id: s.id, startsAt: s.starts_at, sequence: s.sequence, status: s.status }], change.reminderOffsets, now);
    // The room's jobs carry the sequence too: the old ones find a newer session and do nothing.
    await scheduleRoomJobs(queues, [{ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, sequence: s.sequence, status: s.status }], config, now);
  }
}
