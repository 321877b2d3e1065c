import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Queues } from './registry.ts';
import { enqueueDeliveries, expectedReminders, notificationJobId } from './delivery.jobs.ts';
import { enqueueMany } from './registry.ts';
import { listUnsentNotificationIds } from '../domain/notifications/notifications.repository.ts';
import { roomJobsFor } from './room.jobs.ts';
import type { Config } from '../config.ts';
import { livekitEventJobId } from './livekit.jobs.ts';

const BATCH = 500;

async function missingJobIds(queues: Queues, queue: 'schedule' | 'notifications' | 'live', ids: string[]): Promise<Set<string>> {
  const missing = new Set<string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const jobs = await Promise.all(batch.map((id) => queues[queue].getJob(id)));
    jobs.forEach((job, index) => {
      if (!job) missing.add(batch[index]!);
    });
  }
  return missing;
}

/**
 * PostgreSQL says what must be scheduled; Redis may have lost it (a restart without persistence).
 * Re-creates every missing reminder job and every missing delivery job of an unsent message.
 */
export async function reconcileSchedule(deps: { db: Kysely<Database>; queues: Queues; now: Date; config: Pick<Config, 'ROOM_LEAD_MINUTES' | 'ROOM_GRACE_MINUTES'> }) {
  const sessions = await deps.db
    .selectFrom('sessions')
    .innerJoin('cohorts', 'cohorts.id', 'sessions.cohort_id')
    .select(['sessions.id', 'sessions.starts_at', 'sessions.ends_at', 'sessions.sequence', 'sessions.status', 'cohorts.reminder_offsets_minutes'])
    .where('sessions.status', '=', 'scheduled')
    .where('sessions.ends_at', '>', deps.now)
    .where('cohorts.status', 'not in', ['archived', 'completed'])
    .execute();
  const expected = sessions.flatMap((s) =>
    expectedReminders({ id: s.id, startsAt: s.starts_at, sequence: s.sequence, status: s.status }, s.reminder_offsets_minutes, deps.now),
  );
  const missingReminders = await missingJobIds(deps.queues, 'schedule', expected.map((e) => e.jobId));
  await enqueueMany(deps.queues, 'send-reminders', expected.filter((e) => missingReminders.has(e.jobId)));

  // Rooms: a session not yet over needs its open and close jobs (a finished open job is still there).
  const roomJobs = sessions.flatMap((s) => {
    const jobs = roomJobsFor({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, sequence: s.sequence, status: s.status }, deps.config, deps.now);
    return jobs.open ? [jobs.open, jobs.close] : [jobs.close];
  });
  const missingRoomJobs = await missingJobIds(deps.queues, 'schedule', roomJobs.map((j) => j.jobId));
  await enqueueMany(deps.queues, 'open-room', roomJobs.filter((j) => j.name === 'open-room' && missingRoomJobs.has(j.jobId)));
  await enqueueMany(deps.queues, 'close-room', roomJobs.filter((j) => j.name === 'close-room' && missingRoomJobs.has(j.jobId)));

  let deliveriesRestored = 0;
  const unsent = await listUnsentNotificationIds(deps.db, new Date(8.64e15), 100_000);
  const missingDeliveries = await missingJobIds(deps.queues, 'notifications', unsent.map(notificationJobId));
  const toRestore = unsent.filter((id) => missingDeliveries.has(notificationJobId(id)));
  await enqueueDeliveries(deps.queues, toRestore);
  deliveriesRestored += toRestore.length;
  // LiveKit events stored but never turned into evidence (their job was lost with Redis).
  const unprocessed = await deps.db.selectFrom('livekit_events').select('id').where('processed_at', 'is', null).orderBy('received_at').limit(100_000).execute();
  const missingEventJobs = await missingJobIds(deps.queues, 'live', unprocessed.map((e) => livekitEventJobId(e.id)));
  await enqueueMany(deps.queues, 'process-livekit-event', unprocessed.filter((e) => missingEventJobs.has(livekitEventJobId(e.id))).map((e) => ({ payload: { eventId: e.id }, jobId: livekitEventJobId(e.id) })));
  return { livekitEventsRestored: missingEventJobs.size, remindersExpected: expected.length, remindersRestored: missingReminders.size, roomJobsRestored: missingRoomJobs.size, deliveriesRestored };
}
