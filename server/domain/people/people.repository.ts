import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, PeopleTable } from '../../db/schema.ts';

export function findPerson(db: Kysely<Database>, id: string) {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPersonByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirst();
}

export interface PeopleFilter {
  q?: string | undefined;
  country?: string | undefined;
  cohortId?: string | undefined;
}

function filtered(db: Kysely<Database>, filter: PeopleFilter) {
  let query = db.selectFrom('people');
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name_latin', 'ilike', pattern), eb('name_native', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (filter.country) query = query.where('country', '=', filter.country);
  if (filter.cohortId) {
    const cohortId = filter.cohortId;
    query = query.where((eb) => eb.exists(eb.selectFrom('enrolments').select('enrolments.id').whereRef('enrolments.person_id', '=', 'people.id').where('enrolments.cohort_id', '=', cohortId)));
  }
  return query;
}

export async function listPeople(db: Kysely<Database>, filter: PeopleFilter, page: { limit: number; offset: number }) {
  const [items, count] = await Promise.all([
    filtered(db, filter).selectAll().orderBy('name_latin').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.total) };
}

export function insertPerson(db: Kysely<Database>, values: Insertable<PeopleTable>) {
  return db.insertInto('people').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updatePerson(db: Kysely<Database>, id: string, values: Updateable<PeopleTable>) {
  return db.updateTable('people').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}
