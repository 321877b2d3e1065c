import { DelayedError } from 'bullmq';
import type { Deps } from '../../server/deps.ts';
import type { JobPayload } from '../../server/jobs/registry.ts';
import { enqueueDeliveries } from '../../server/jobs/delivery.jobs.ts';
import { findSession } from '../../server/domain/notifications/notifications.repository.ts';
import { queueReminders } from '../../server/domain/notifications/outbox.service.ts';
import { deliverySettingsFrom } from '../../server/domain/notifications/delivery-settings.ts';
import type { JobHandle } from '../registry.ts';

/**
 * Fans a session's reminder out to everyone taking part. The job fires on Redis's clock; the rules
 * are checked on ours: never early, never for a cancelled or moved session, never after the start.
 */
export async function sendReminders(deps: Deps, payload: JobPayload<'send-reminders'>, { job, token }: JobHandle) {
  const session = await findSession(deps.db, payload.sessionId);
  if (!session || session.status !== 'scheduled') return { skipped: 'the session is not scheduled any more' };
  if (session.sequence !== payload.sequence) return { skipped: 'the session moved; its new reminders replace this one' };
  const now = deps.clock.now();
  const dueAt = session.starts_at.getTime() - payload.offsetMinutes * 60_000;
  if (now.getTime() < dueAt) {
    await job.moveToDelayed(Date.now() + (dueAt - now.getTime()), token);
    throw new DelayedError();
  }
  if (now >= session.starts_at) return { skipped: 'the session has already started' };
  const { domain } = deliverySettingsFrom(deps.config);
  const queued = await queueReminders(deps.db, { id: session.id, cohortId: session.cohort_id, sequence: session.sequence }, payload.offsetMinutes, { now, domain });
  await enqueueDeliveries(deps.queues, queued.pendingIds);
  return { reminders: queued.pendingIds.length };
}
