import { type Insertable, type Kysely, type Updateable } from 'kysely';
import type { CohortsTable, Database } from '../../db/schema.ts';

export interface CohortFilter {
  status?: string | undefined;
  programmeId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  visibleToPersonId?: string | undefined;
}

const withCounts = (db: Kysely<Database>) =>
  db.selectFrom('cohorts').selectAll('cohorts').select((eb) => [
    ...(['participant', 'lecturer', 'interpreter', 'observer'] as const).map((role) =>
      eb
        .selectFrom('enrolments')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('enrolments.cohort_id', '=', 'cohorts.id')
        .where('enrolments.role', '=', role)
        .where('enrolments.status', '!=', 'withdrawn')
        .as(`${role}_count`),
    ),
    eb.selectFrom('sessions').select((e) => e.fn.countAll<number>().as('n')).whereRef('sessions.cohort_id', '=', 'cohorts.id').where('sessions.status', '!=', 'cancelled').as('session_count'),
  ]);

function filtered<Q extends ReturnType<typeof withCounts> | ReturnType<Kysely<Database>['selectFrom']>>(query: Q, filter: CohortFilter): Q {
  let q = query as ReturnType<typeof withCounts>;
  q = filter.status ? q.where('cohorts.status', '=', filter.status as 'draft') : q.where('cohorts.status', '!=', 'archived');
  if (filter.programmeId) q = q.where('cohorts.programme_id', '=', filter.programmeId);
  if (filter.from) q = q.where('cohorts.last_day', '>=', filter.from);
  if (filter.to) q = q.where('cohorts.first_day', '<=', filter.to);
  if (filter.visibleToPersonId) {
    const personId = filter.visibleToPersonId;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('enrolments').select('enrolments.id').whereRef('enrolments.cohort_id', '=', 'cohorts.id').where('enrolments.person_id', '=', personId).where('enrolments.status', '!=', 'withdrawn')),
    );
  }
  return q as Q;
}

export async function listCohorts(db: Kysely<Database>, filter: CohortFilter, page: { limit: number; offset: number }) {
  const [items, count] = await Promise.all([
    filtered(withCounts(db), filter).orderBy('cohorts.first_day', 'desc').orderBy('cohorts.id').limit(page.limit).offset(page.offset).execute(),
    filtered(db.selectFrom('cohorts'), filter).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

export function findCohortWithCounts(db: Kysely<Database>, id: string) {
  return withCounts(db).where('cohorts.id', '=', id).executeTakeFirst();
}
export type CohortWithCounts = NonNullable<Awaited<ReturnType<typeof findCohortWithCounts>>>;

export function findCohort(db: Kysely<Database>, id: string) {
  return db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the cohort row for the rest of the transaction, so concurrent changes queue behind it. */
export function findCohortForUpdate(db: Kysely<Database>, id: string) {
  return db.selectFrom('cohorts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertCohort(db: Kysely<Database>, values: Insertable<CohortsTable>) {
  return db.insertInto('cohorts').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateCohort(db: Kysely<Database>, id: string, values: Updateable<CohortsTable>) {
  return db.updateTable('cohorts').set(values).where('id', '=', id).execute();
}

export function deleteCohort(db: Kysely<Database>, id: string) {
  return db.deleteFrom('cohorts').where('id', '=', id).execute();
}

export function listActiveSessionStarts(db: Kysely<Database>, cohortId: string) {
  return db.selectFrom('sessions').select(['id', 'starts_at']).where('cohort_id', '=', cohortId).where('status', '!=', 'cancelled').execute();
}
