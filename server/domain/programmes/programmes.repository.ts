import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, ProgrammesTable } from '../../db/schema.ts';

export interface ProgrammeFilter {
  status: 'active' | 'archived' | 'all';
  theme?: string | undefined;
  /** Non-staff see only programmes of cohorts they are enrolled in. */
  visibleToPersonId?: string | undefined;
}

function filtered(db: Kysely<Database>, filter: ProgrammeFilter) {
  let query = db.selectFrom('programmes');
  if (filter.status === 'active') query = query.where('archived_at', 'is', null);
  if (filter.status === 'archived') query = query.where('archived_at', 'is not', null);
  if (filter.theme) query = query.where('theme', '=', filter.theme);
  if (filter.visibleToPersonId) {
    const personId = filter.visibleToPersonId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('cohorts')
          .innerJoin('enrolments', 'enrolments.cohort_id', 'cohorts.id')
          .whereRef('cohorts.programme_id', '=', 'programmes.id')
          .where('enrolments.person_id', '=', personId)
          .where('enrolments.status', '!=', 'withdrawn')
          .select('cohorts.id'),
      ),
    );
  }
  return query;
}

export async function listProgrammes(db: Kysely<Database>, filter: ProgrammeFilter, page: { limit: number; offset: number }) {
  const [items, count] = await Promise.all([
    filtered(db, filter).selectAll().orderBy('created_at', 'desc').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

export function findProgramme(db: Kysely<Database>, id: string, visibleToPersonId?: string) {
  return filtered(db, { status: 'all', visibleToPersonId }).selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertProgramme(db: Kysely<Database>, values: Insertable<ProgrammesTable>) {
  return db.insertInto('programmes').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateProgramme(db: Kysely<Database>, id: string, values: Updateable<ProgrammesTable>) {
  return db.updateTable('programmes').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}

export function countCohortsOfProgramme(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('cohorts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('programme_id', '=', id)
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));
}

export function deleteProgramme(db: Kysely<Database>, id: string) {
  return db.deleteFrom('programmes').where('id', '=', id).executeTakeFirst();
}
