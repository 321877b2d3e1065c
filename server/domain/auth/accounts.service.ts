import type { Kysely } from 'kysely';
import type { Database, StaffRole } from '../../db/schema.ts';
import { conflict } from '../../errors.ts';
import { hashPassword } from './passwords.ts';

export interface NewStaffAccount {
  email: string;
  nameLatin: string;
  role: StaffRole;
  password: string;
  timeZone?: string;
  country?: string;
}

/** Creates (or promotes) the person behind a coordinator or admin account. */
export async function createStaffAccount(db: Kysely<Database>, input: NewStaffAccount): Promise<{ personId: string; accountId: string }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const person =
      (await trx.selectFrom('people').select('id').where('email', '=', input.email).executeTakeFirst()) ??
      (await trx
        .insertInto('people')
        .values({
          email: input.email,
          name_latin: input.nameLatin,
          country: input.country ?? 'KR',
          time_zone: input.timeZone ?? 'Asia/Seoul',
          locale: 'en',
        })
        .returning('id')
        .executeTakeFirstOrThrow());
    const existing = await trx.selectFrom('accounts').select('id').where('person_id', '=', person.id).executeTakeFirst();
    if (existing) throw conflict(`${input.email} already has an account`);
    const account = await trx
      .insertInto('accounts')
      .values({ person_id: person.id, role: input.role, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { personId: person.id, accountId: account.id };
  });
}
