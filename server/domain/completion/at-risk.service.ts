import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { enqueueDeliveries } from '../../jobs/delivery.jobs.ts';
import type { Queues } from '../../jobs/registry.ts';
import type { AttendanceSettings } from '../attendance/attendance.service.ts';
import { systemActor } from '../certificates/issuance.service.ts';
import { notificationKeys, queueMessage } from '../notifications/outbox.service.ts';
import { cohortCompletion } from './completion.service.ts';

/**
 * Tells each person who has become at risk, once, what they still need. Runs after every session's
 * room closes and daily; the message key makes a second warning impossible.
 */
export async function warnPeopleAtRisk(deps: { db: Kysely<Database>; queues: Queues }, cohortId: string, context: { now: Date; domain: string; settings: AttendanceSettings }) {
  const completions = await cohortCompletion(deps.db, systemActor, cohortId, context.settings, context.now);
  const atRisk = completions.filter((c) => c.status === 'at_risk');
  if (atRisk.length === 0) return { atRisk: 0, queued: 0 };
  const sessions = await deps.db.selectFrom('sessions').select(['id', 'title']).where('cohort_id', '=', cohortId).execute();
  const titleOf = new Map(sessions.map((s) => [s.id, s.title]));
  const pending: string[] = [];
  let created = 0;
  for (const person of atRisk) {
    const queued = await queueMessage(
      deps.db,
      {
        kind: 'at_risk',
        key: notificationKeys.atRisk(cohortId, person.personId),
        personId: person.personId,
        cohortId,
        details: {
          attendedMinutes: person.creditedMinutes,
          scheduledMinutes: person.scheduledMinutes,
          needs: person.needs,
          requiredSessions: person.missingRequired.map((id) => titleOf.get(id) ?? id),
        },
      },
      context,
    );
    created += queued.created;
    pending.push(...queued.pendingIds);
  }
  await enqueueDeliveries(deps.queues, pending);
  return { atRisk: atRisk.length, queued: created };
}
