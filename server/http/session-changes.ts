import type { Deps } from '../deps.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { SessionChange } from '../domain/sessions/sessions.service.ts';
import { deliverySettingsFrom } from '../domain/notifications/delivery-settings.ts';
import { recordSessionChangeMessages, scheduleSessionChangeJobs } from '../jobs/session.jobs.ts';

/**
 * Runs a change of sessions and the outbox rows it implies in one transaction, then, after the
 * commit, queues the mails and moves the reminder jobs.
 */
export function sessionChangeRunner(deps: Pick<Deps, 'db' | 'queues' | 'clock' | 'config'>) {
  return async <T extends { changes: SessionChange[] }>(work: (trx: Deps['db'], actor: Actor, now: Date) => Promise<T>, actor: Actor): Promise<T> => {
    const now = deps.clock.now();
    const { domain } = deliverySettingsFrom(deps.config);
    const { result, pending } = await deps.db.transaction().execute(async (trx) => {
      const result = await work(trx, actor, now);
      return { result, pending: await recordSessionChangeMessages(trx, result.changes, { now, domain }) };
    });
    await scheduleSessionChangeJobs(deps.queues, result.changes, pending, now, deps.config);
    return result;
  };
}
