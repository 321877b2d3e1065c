import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, SessionsTable } from '../../db/schema.ts';

export function listSessions(db: Kysely<Database>, cohortId: string, filter: { status?: string | undefined; fromInstant?: Date | undefined; toInstant?: Date | undefined }) {
  let query = db.selectFrom('sessions').selectAll().where('cohort_id', '=', cohortId);
  if (filter.status) query = query.where('status', '=', filter.status as 'scheduled');
  if (filter.fromInstant) query = query.where('ends_at', '>', filter.fromInstant);
  if (filter.toInstant) query = query.where('starts_at', '<', filter.toInstant);
  return query.orderBy('starts_at').orderBy('id').execute();
}

export function findSession(db: Kysely<Database>, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSessionForUpdate(db: Kysely<Database>, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertSessions(db: Kysely<Database>, rows: Insertable<SessionsTable>[]) {
  return db.insertInto('sessions').values(rows).returningAll().execute();
}

export function updateSession(db: Kysely<Database>, id: string, values: Updateable<SessionsTable>) {
  return db.updateTable('sessions').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function deleteSession(db: Kysely<Database>, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

export function findPersonZone(db: Kysely<Database>, personId: string) {
  return db.selectFrom('people').select('time_zone').where('id', '=', personId).executeTakeFirst().then((row) => row?.time_zone);
}
