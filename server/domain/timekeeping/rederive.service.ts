import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deriveInstants, tzdbVersion } from '../../time/instants.ts';

export interface RederivedSession {
  id: string;
  cohortId: string;
  sequence: number;
  previous: { startsAt: Date; endsAt: Date };
  reminderOffsets: number[];
  previousSequence: number;
}

/**
 * Future sessions whose instants were derived with another time-zone database are derived again.
 * A session whose instant changed gets a higher sequence, so calendars and reminders follow it.
 * (A rule change in a participant's own zone, with the host zone unchanged, moves no instant and is
 * not detected here: the stored instant stays right, only the local time once announced differs.)
 */
export async function rederiveFutureInstants(db: Kysely<Database>, now: Date): Promise<{ checked: number; moved: RederivedSession[] }> {
  const version = tzdbVersion();
  const stale = await db
    .selectFrom('sessions')
    .innerJoin('cohorts', 'cohorts.id', 'sessions.cohort_id')
    .select(['sessions.id', 'sessions.cohort_id', 'sessions.local_start', 'sessions.time_zone', 'sessions.duration_minutes', 'sessions.starts_at', 'sessions.ends_at', 'sessions.sequence', 'cohorts.reminder_offsets_minutes'])
    .where('sessions.tzdb_version', '!=', version)
    .where('sessions.status', '=', 'scheduled')
    .where('sessions.starts_at', '>', now)
    .execute();
  const moved: RederivedSession[] = [];
  for (const session of stale) {
    const derived = deriveInstants(session.local_start.slice(0, 16), session.time_zone, session.duration_minutes);
    const changed = derived.startsAt.getTime() !== session.starts_at.getTime() || derived.endsAt.getTime() !== session.ends_at.getTime();
    await db
      .updateTable('sessions')
      .set({
        tzdb_version: version,
        ...(changed && { starts_at: derived.startsAt, ends_at: derived.endsAt, sequence: session.sequence + 1, updated_at: now }),
      })
      .where('id', '=', session.id)
      .where('sequence', '=', session.sequence)
      .execute();
    if (changed) {
      moved.push({
        id: session.id,
        cohortId: session.cohort_id,
        sequence: session.sequence + 1,
        previousSequence: session.sequence,
        previous: { startsAt: session.starts_at, endsAt: session.ends_at },
        reminderOffsets: session.reminder_offsets_minutes,
      });
    }
  }
  return { checked: stale.length, moved };
}
