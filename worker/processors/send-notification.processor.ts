import type { Deps } from '../../server/deps.ts';
import type { JobPayload } from '../../server/jobs/registry.ts';
import { deliverNotification } from '../../server/domain/notifications/delivery.service.ts';
import { deliverySettingsFrom } from '../../server/domain/notifications/delivery-settings.ts';
import type { JobHandle } from '../registry.ts';

/** Sends one outbox message; the outbox row, not the job, decides whether it still has to go. */
export async function sendNotification(deps: Deps, payload: JobPayload<'send-notification'>, { job }: JobHandle) {
  const maxAttempts = job.opts.attempts ?? 1;
  return deliverNotification(
    { db: deps.db, mailer: deps.mailer, now: () => deps.clock.now() },
    deliverySettingsFrom(deps.config),
    payload.notificationId,
    { isFinal: job.attemptsMade + 1 >= maxAttempts },
  );
}
