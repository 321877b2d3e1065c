import type { Deps } from '../../server/deps.ts';
import type { JobPayload } from '../../server/jobs/registry.ts';
import { deliverNotification } from '../../server/domain/notifications/delivery.service.ts';
import { deliverySettingsFrom } from '../../server/domain/notifications/delivery-settings.ts';
import type { JobHandle } from '../registry.ts';
import { roomNames } from '../../server/domain/discussion/room-access.ts';

/** Sends one outbox message; the outbox row, not the job, decides whether it still has to go. */
export async function sendNotification(deps: Deps, payload: JobPayload<'send-notification'>, { job }: JobHandle) {
  const maxAttempts = job.opts.attempts ?? 1;
  const isFinal = job.attemptsMade + 1 >= maxAttempts;
  let result;
  try {
    result = await deliverNotification({ db: deps.db, mailer: deps.mailer, now: () => deps.clock.now() }, deliverySettingsFrom(deps.config), payload.notificationId, { isFinal });
  } catch (error) {
    await pushStoredState(deps, payload.notificationId);
    throw error;
  }
  // Coordinators watching deliveries see each message's state change as it happens.
  if (result.message) await deps.push.toRoom(roomNames.staff(), 'delivery:updated', result.message);
  return result.outcome;
}

/** After a failed attempt the row says whether it will be retried (pending) or gave up (failed). */
async function pushStoredState(deps: Deps, notificationId: string) {
  const row = await deps.db.selectFrom('notifications').select(['cohort_id', 'person_id', 'kind', 'state', 'attempts']).where('id', '=', notificationId).executeTakeFirst();
  if (row) await deps.push.toRoom(roomNames.staff(), 'delivery:updated', { notificationId, cohortId: row.cohort_id, personId: row.person_id, kind: row.kind, state: row.state, attempts: row.attempts });
}
