import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { prepared } from '../../db/database.ts';

// A Transaction is a Kysely too, so every function here runs inside or outside one.
type Db = Kysely<Database>;

export function findAccountByEmail(db: Db, email: string) {
  return db
    .selectFrom('accounts')
    .innerJoin('people', 'people.id', 'accounts.person_id')
    .select(['accounts.id', 'accounts.person_id', 'accounts.role', 'accounts.password_hash', 'accounts.disabled_at'])
    .where('people.email', '=', email)
    .executeTakeFirst();
}

export function insertAuthSession(
  db: Db,
  row: { tokenHash: string; personId: string; csrfToken: string; method: 'password' | 'magic_link'; createdAt: Date; expiresAt: Date },
) {
  return db
    .insertInto('auth_sessions')
    .values({
      token_hash: row.tokenHash,
      person_id: row.personId,
      csrf_token: row.csrfToken,
      method: row.method,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** The one indexed lookup behind every authenticated request. */
export function findLiveAuthSession(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('auth_sessions')
    .modifyFront(prepared('live_auth_session'))
    .leftJoin('accounts', (join) => join.onRef('accounts.person_id', '=', 'auth_sessions.person_id').on('accounts.disabled_at', 'is', null))
    .select(['auth_sessions.id', 'auth_sessions.person_id', 'auth_sessions.csrf_token', 'auth_sessions.expires_at', 'accounts.role'])
    .where('auth_sessions.token_hash', '=', tokenHash)
    .where('auth_sessions.revoked_at', 'is', null)
    .where('auth_sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export function revokeAuthSession(db: Db, id: string, now: Date) {
  return db.updateTable('auth_sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export function revokeAuthSessionsOfPerson(db: Db, personId: string, now: Date) {
  return db.updateTable('auth_sessions').set({ revoked_at: now }).where('person_id', '=', personId).where('revoked_at', 'is', null).execute();
}

export function insertSignInToken(db: Db, row: { tokenHash: string; personId: string; createdAt: Date; expiresAt: Date }) {
  return db
    .insertInto('sign_in_tokens')
    .values({ token_hash: row.tokenHash, person_id: row.personId, created_at: row.createdAt, expires_at: row.expiresAt })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** Marks a link used only if it is unused and unexpired, in one statement, so two clicks cannot both win. */
export function consumeSignInToken(db: Db, tokenHash: string, now: Date) {
  return db
    .updateTable('sign_in_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['person_id'])
    .executeTakeFirst();
}

export function findSignInToken(db: Db, tokenHash: string) {
  return db.selectFrom('sign_in_tokens').select(['used_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function touchAccountSignIn(db: Db, accountId: string, now: Date) {
  return db.updateTable('accounts').set({ last_sign_in_at: now }).where('id', '=', accountId).execute();
}

export async function deleteExpiredSignInState(db: Db, before: Date): Promise<{ tokens: number; sessions: number }> {
  const tokens = await db.deleteFrom('sign_in_tokens').where('expires_at', '<', before).executeTakeFirst();
  const sessions = await db
    .deleteFrom('auth_sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst();
  return { tokens: Number(tokens.numDeletedRows), sessions: Number(sessions.numDeletedRows) };
}
