import { enqueueMany, type Queues } from './registry.ts';

// Job ids carry no ':' (BullMQ reserves it) and are derived from what they act on, so adding twice is a no-op.
export const notificationJobId = (notificationId: string) => `notification_${notificationId}`;
export const reminderJobId = (sessionId: string, sequence: number, offsetMinutes: number) => `session_${sessionId}.seq_${sequence}.reminder_${offsetMinutes}m`;

/** Queues the delivery of outbox messages; call it after the transaction that created them committed. */
export function enqueueDeliveries(queues: Queues, notificationIds: string[]) {
  return enqueueMany(
    queues,
    'send-notification',
    notificationIds.map((notificationId) => ({ payload: { notificationId }, jobId: notificationJobId(notificationId) })),
  );
}

export interface SchedulableSession {
  id: string;
  startsAt: Date;
  sequence: number;
  status: string;
}

/** The reminder jobs a session should have now: one per offset still in the future. */
export function expectedReminders(session: SchedulableSession, offsetsMinutes: number[], now: Date) {
  if (session.status !== 'scheduled') return [];
  return offsetsMinutes
    .map((offsetMinutes) => ({ offsetMinutes, dueAt: new Date(session.startsAt.getTime() - offsetMinutes * 60_000) }))
    .filter(({ dueAt }) => dueAt.getTime() > now.getTime())
    .map(({ offsetMinutes, dueAt }) => ({
      jobId: reminderJobId(session.id, session.sequence, offsetMinutes),
      payload: { sessionId: session.id, sequence: session.sequence, offsetMinutes },
      delay: dueAt.getTime() - now.getTime(),
    }));
}

export function scheduleReminders(queues: Queues, sessions: SchedulableSession[], offsetsMinutes: number[], now: Date) {
  return enqueueMany(queues, 'send-reminders', sessions.flatMap((session) => expectedReminders(session, offsetsMinutes, now)));
}

/** Drops the reminder jobs of a session's earlier sequence (it moved or was cancelled). */
export async function dropReminders(queues: Queues, sessionId: string, sequence: number, offsetsMinutes: number[]) {
  // A job that is running right now cannot be removed; it re-reads the session and skips a stale sequence.
  await Promise.allSettled(offsetsMinutes.map((offset) => queues.schedule.remove(reminderJobId(sessionId, sequence, offset))));
}
