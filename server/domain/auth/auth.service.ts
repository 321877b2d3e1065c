import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/actor.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { generateToken, hashToken } from './tokens.ts';
import * as repo from './auth.repository.ts';

export interface SignedIn {
  /** The cookie value: returned once, stored only as a hash. */
  token: string;
  csrfToken: string;
  personId: string;
  expiresAt: Date;
}

interface SessionPolicy {
  now: Date;
  ttlHours: number;
}

// Spent on unknown e-mails too, so a failed sign-in takes the same time whether the account exists.
const decoyHash = hashPassword('decoy password that matches nothing');

async function openAuthSession(db: Kysely<Database>, personId: string, method: 'password' | 'magic_link', policy: SessionPolicy): Promise<SignedIn> {
  const token = generateToken();
  const csrfToken = generateToken();
  const expiresAt = new Date(policy.now.getTime() + policy.ttlHours * 3_600_000);
  await repo.insertAuthSession(db, { tokenHash: hashToken(token), personId, csrfToken, method, createdAt: policy.now, expiresAt });
  return { token, csrfToken, personId, expiresAt };
}

/** Returns undefined for any wrong e-mail, password or disabled account, never saying which. */
export async function signInWithPassword(db: Kysely<Database>, input: { email: string; password: string }, policy: SessionPolicy): Promise<SignedIn | undefined> {
  const account = await repo.findAccountByEmail(db, input.email);
  if (!account) {
    await verifyPassword(input.password, await decoyHash);
    return undefined;
  }
  const matches = await verifyPassword(input.password, account.password_hash);
  if (!matches || account.disabled_at) return undefined;
  await repo.touchAccountSignIn(db, account.id, policy.now);
  return openAuthSession(db, account.person_id, 'password', policy);
}

export async function issueMagicLink(db: Kysely<Database>, personId: string, policy: { now: Date; ttlMinutes: number }) {
  const token = generateToken();
  const expiresAt = new Date(policy.now.getTime() + policy.ttlMinutes * 60_000);
  await repo.insertSignInToken(db, { tokenHash: hashToken(token), personId, createdAt: policy.now, expiresAt });
  return { token, expiresAt };
}

export async function redeemMagicLink(db: Kysely<Database>, token: string, policy: SessionPolicy): Promise<SignedIn> {
  const tokenHash = hashToken(token);
  return db.transaction().execute(async (trx) => {
    const consumed = await repo.consumeSignInToken(trx, tokenHash, policy.now);
    if (!consumed) {
      const found = await repo.findSignInToken(trx, tokenHash);
      const reason = !found ? 'unknown' : found.used_at ? 'used' : 'expired';
      const message = {
        unknown: 'This sign-in link is not valid. Ask for a new one.',
        used: 'This sign-in link has already been used. Ask for a new one.',
        expired: 'This sign-in link has expired. Ask for a new one.',
      }[reason];
      throw new AppError('unauthenticated', message, { details: { reason } });
    }
    return openAuthSession(trx, consumed.person_id, 'magic_link', policy);
  });
}

export async function authenticate(db: Kysely<Database>, token: string, now: Date): Promise<(Actor & { csrfToken: string; expiresAt: Date }) | undefined> {
  const row = await repo.findLiveAuthSession(db, hashToken(token), now);
  if (!row) return undefined;
  return { personId: row.person_id, staffRole: row.role ?? null, authSessionId: row.id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function signOut(db: Kysely<Database>, actor: Actor, now: Date): Promise<void> {
  await repo.revokeAuthSession(db, actor.authSessionId, now);
}
