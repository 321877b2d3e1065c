import type { Kysely } from 'kysely';
import type { Database, NotificationState } from '../../db/schema.ts';
import { notFound, ruleViolated } from '../../errors.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import * as repo from './notifications.repository.ts';

/** Per person, what was sent, what is pending and what failed and why: the coordinator's view of mail. */
export async function listDeliveries(db: Kysely<Database>, actor: Actor, cohortId: string, filter: { state?: NotificationState | undefined; kind?: string | undefined }) {
  assertStaff(actor);
  if (!(await repo.findCohortWithProgramme(db, cohortId))) throw notFound('Cohort');
  const rows = await repo.listDeliveries(db, cohortId, filter);
  const summary: Record<NotificationState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  const people = new Map<string, { personId: string; name: string; email: string; messages: unknown[] }>();
  for (const row of rows) {
    summary[row.state] += 1;
    const person = people.get(row.person_id) ?? { personId: row.person_id, name: row.name_latin, email: row.email, messages: [] };
    person.messages.push({
      id: row.id,
      kind: row.kind,
      sessionId: row.session_id,
      sequence: row.sequence,
      state: row.state,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at.toISOString(),
      sentAt: row.sent_at?.toISOString() ?? null,
    });
    people.set(row.person_id, person);
  }
  return { summary, people: [...people.values()] };
}

const MAX_OFFSET_MINUTES = 14 * 24 * 60;

/**
 * Sets when reminders go out. An offset that can no longer fire for any remaining session (it is longer
 * than the time left before every one of them) is refused; one that misses only the next sessions is fine.
 */
export async function setReminderOffsets(db: Kysely<Database>, actor: Actor, cohortId: string, offsets: number[], now: Date) {
  assertStaff(actor);
  const cohort = await repo.findCohortWithProgramme(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  const unique = [...new Set(offsets)].sort((a, b) => b - a);
  const last = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.max('starts_at').as('last'))
    .where('cohort_id', '=', cohortId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', now)
    .executeTakeFirst();
  const lastStart = last?.last ? new Date(last.last) : undefined;
  const problems = unique
    .map((offset, index) => ({ offset, index }))
    .filter(({ offset }) => offset > MAX_OFFSET_MINUTES || (lastStart && lastStart.getTime() - offset * 60_000 <= now.getTime()))
    .map(({ offset }) => ({
      field: `offsetsMinutes`,
      message:
        offset > MAX_OFFSET_MINUTES
          ? `${offset} minutes is more than 14 days`
          : `${offset} minutes is longer than the time left before the last remaining session (${Math.floor((lastStart!.getTime() - now.getTime()) / 60_000)} minutes)`,
    }));
  if (problems.length) throw ruleViolated('Some reminder offsets can never be sent', problems);
  const previous = cohort.reminder_offsets_minutes;
  await db.updateTable('cohorts').set({ reminder_offsets_minutes: unique, updated_at: now }).where('id', '=', cohortId).execute();
  return { previous, offsetsMinutes: unique };
}
