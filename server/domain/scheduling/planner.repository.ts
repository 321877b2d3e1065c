import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export function findCohortForPlanning(db: Kysely<Database>, cohortId: string) {
  return db.selectFrom('cohorts').select(['id', 'host_time_zone', 'first_day', 'last_day']).where('id', '=', cohortId).executeTakeFirst();
}

/** Everyone still enrolled (neither withdrawn nor declined), with where they are and the hours that suit them. */
export function listPlannedPeople(db: Kysely<Database>, cohortId: string) {
  return db
    .selectFrom('enrolments')
    .innerJoin('people', 'people.id', 'enrolments.person_id')
    .select([
      'people.id',
      'people.name_latin',
      'people.city',
      'people.country',
      'people.time_zone',
      'enrolments.role',
      'enrolments.preferred_start',
      'enrolments.preferred_end',
      'enrolments.weekend_days',
    ])
    .where('enrolments.cohort_id', '=', cohortId)
    .where('enrolments.status', 'not in', ['withdrawn', 'declined'])
    .orderBy('people.city')
    .orderBy('people.name_latin')
    .orderBy('people.id')
    .execute();
}

export async function listCohortLecturerIds(db: Kysely<Database>, cohortId: string): Promise<string[]> {
  const rows = await db.selectFrom('enrolments').select('person_id').where('cohort_id', '=', cohortId).where('role', '=', 'lecturer').where('status', '!=', 'withdrawn').execute();
  return rows.map((row) => row.person_id);
}

export async function listExistingPersonIds(db: Kysely<Database>, personIds: string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db.selectFrom('people').select('id').where('id', 'in', personIds).execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * Serialises plans that involve the same lecturers until the transaction ends, so two cohorts applied at
 * once cannot both pass the conflict check. Locks are taken in id order to avoid deadlocks.
 */
export async function lockLecturers(db: Kysely<Database>, personIds: string[]): Promise<void> {
  for (const personId of [...new Set(personIds)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`lecturer:${personId}`}, 0))`.execute(db);
  }
}

/**
 * Non-cancelled sessions of OTHER cohorts, overlapping [startsAt, endsAt), where one of the people is
 * enrolled (not withdrawn) as a lecturer.
 */
export function listLecturerClashes(db: Kysely<Database>, input: { cohortId: string; personIds: string[]; startsAt: Date; endsAt: Date }) {
  return db
    .selectFrom('sessions')
    .innerJoin('cohorts', 'cohorts.id', 'sessions.cohort_id')
    .innerJoin('enrolments', 'enrolments.cohort_id', 'sessions.cohort_id')
    .innerJoin('people', 'people.id', 'enrolments.person_id')
    .select([
      'people.id as person_id',
      'people.name_latin',
      'sessions.id as session_id',
      'sessions.title',
      'sessions.starts_at',
      'sessions.ends_at',
      'cohorts.id as cohort_id',
      'cohorts.title as cohort_title',
    ])
    .where('enrolments.person_id', 'in', input.personIds)
    .where('enrolments.role', '=', 'lecturer')
    .where('enrolments.status', '!=', 'withdrawn')
    .where('sessions.cohort_id', '!=', input.cohortId)
    .where('sessions.status', '!=', 'cancelled')
    .where('sessions.starts_at', '<', input.endsAt)
    .where('sessions.ends_at', '>', input.startsAt)
    .orderBy('sessions.starts_at')
    .orderBy('people.name_latin')
    .execute();
}
