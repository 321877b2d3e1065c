import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, EnrolmentsTable } from '../../db/schema.ts';

const withPerson = (db: Kysely<Database>) =>
  db
    .selectFrom('enrolments')
    .innerJoin('people', 'people.id', 'enrolments.person_id')
    .selectAll('enrolments')
    .select(['people.name_latin', 'people.name_native', 'people.email', 'people.city', 'people.country', 'people.time_zone']);
export type EnrolmentWithPerson = Awaited<ReturnType<ReturnType<typeof withPerson>['executeTakeFirstOrThrow']>>;

export async function listEnrolments(db: Kysely<Database>, cohortId: string, filter: { role?: string | undefined; status?: string | undefined }, page: { limit: number; offset: number }) {
  const base = (query: ReturnType<typeof withPerson>) => {
    let q = query.where('enrolments.cohort_id', '=', cohortId);
    if (filter.role) q = q.where('enrolments.role', '=', filter.role as 'participant');
    if (filter.status) q = q.where('enrolments.status', '=', filter.status as 'invited');
    return q;
  };
  const [items, all] = await Promise.all([
    base(withPerson(db)).orderBy('people.name_latin').orderBy('enrolments.id').limit(page.limit).offset(page.offset).execute(),
    base(withPerson(db)).clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(all.total) };
}

export function findEnrolment(db: Kysely<Database>, id: string) {
  return withPerson(db).where('enrolments.id', '=', id).executeTakeFirst();
}

export function insertEnrolment(db: Kysely<Database>, values: Insertable<EnrolmentsTable>) {
  return db.insertInto('enrolments').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateEnrolment(db: Kysely<Database>, id: string, values: Updateable<EnrolmentsTable>) {
  return db.updateTable('enrolments').set(values).where('id', '=', id).execute();
}

export function findEnrolmentOf(db: Kysely<Database>, cohortId: string, personId: string) {
  return db.selectFrom('enrolments').select('id').where('cohort_id', '=', cohortId).where('person_id', '=', personId).executeTakeFirst();
}
