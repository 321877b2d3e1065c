import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { prepared } from '../../db/database.ts';

/**
 * A person's sessions across their cohorts, with the person's zone and each cohort's host zone, in
 * one query (the index on enrolments(person_id, status) finds the cohorts, sessions(cohort_id,
 * starts_at) their sessions).
 */
export function listMySessions(db: Kysely<Database>, personId: string, filter: { includeCancelled: boolean; fromInstant?: Date | undefined; toInstant?: Date | undefined }) {
  let query = db
    .selectFrom('enrolments')
    .modifyFront(prepared('my_sessions'))
    .innerJoin('people', 'people.id', 'enrolments.person_id')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .innerJoin('sessions', 'sessions.cohort_id', 'enrolments.cohort_id')
    .select([
      'sessions.id',
      'sessions.cohort_id',
      'sessions.kind',
      'sessions.title',
      'sessions.status',
      'sessions.sequence',
      'sessions.duration_minutes',
      'sessions.starts_at',
      'sessions.ends_at',
      'cohorts.title as cohort_title',
      'cohorts.host_time_zone',
      'people.time_zone as own_time_zone',
      'enrolments.role',
    ])
    .where('enrolments.person_id', '=', personId)
    .where('enrolments.status', '!=', 'withdrawn');
  if (!filter.includeCancelled) query = query.where('sessions.status', '!=', 'cancelled');
  if (filter.fromInstant) query = query.where('sessions.ends_at', '>', filter.fromInstant);
  if (filter.toInstant) query = query.where('sessions.starts_at', '<', filter.toInstant);
  return query.orderBy('sessions.starts_at').orderBy('sessions.id').execute();
}

export function listMyEnrolments(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .select(['enrolments.id', 'enrolments.cohort_id', 'enrolments.role', 'enrolments.status', 'enrolments.preferred_start', 'enrolments.preferred_end', 'enrolments.interpretation_language', 'cohorts.title', 'cohorts.first_day', 'cohorts.last_day', 'cohorts.host_time_zone'])
    .where('enrolments.person_id', '=', personId)
    .orderBy('cohorts.first_day', 'desc')
    .execute();
}
