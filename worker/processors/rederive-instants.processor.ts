import type { Deps } from '../../server/deps.ts';
import { rederiveFutureInstants } from '../../server/domain/timekeeping/rederive.service.ts';
import { queueSessionChange } from '../../server/domain/notifications/outbox.service.ts';
import { deliverySettingsFrom } from '../../server/domain/notifications/delivery-settings.ts';
import { dropReminders, enqueueDeliveries, scheduleReminders } from '../../server/jobs/delivery.jobs.ts';

/** After a Node.js upgrade brings a newer time-zone database: move what moved and tell the people. */
export async function rederiveInstants(deps: Deps) {
  const now = deps.clock.now();
  const { domain } = deliverySettingsFrom(deps.config);
  const result = await rederiveFutureInstants(deps.db, now);
  for (const session of result.moved) {
    const queued = await queueSessionChange(deps.db, { id: session.id, cohortId: session.cohortId, sequence: session.sequence, cancelled: false }, session.previous, { now, domain });
    await enqueueDeliveries(deps.queues, queued.pendingIds);
    await dropReminders(deps.queues, session.id, session.previousSequence, session.reminderOffsets);
    const row = await deps.db.selectFrom('sessions').select(['id', 'starts_at', 'sequence', 'status']).where('id', '=', session.id).executeTakeFirstOrThrow();
    await scheduleReminders(deps.queues, [{ id: row.id, startsAt: row.starts_at, sequence: row.sequence, status: row.status }], session.reminderOffsets, now);
  }
  return { checked: result.checked, moved: result.moved.length };
}
