import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export function findPerson(db: Kysely<Database>, id: string) {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}
