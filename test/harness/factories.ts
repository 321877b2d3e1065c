import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, EnrolmentRole, StaffRole } from '../../server/db/schema.ts';
import { createStaffAccount } from '../../server/domain/auth/accounts.service.ts';
import { issueMagicLink } from '../../server/domain/auth/auth.service.ts';
import { deriveInstants, tzdbVersion } from '../../server/time/instants.ts';
import type { TestContext } from './context.ts';
import type { TestClient } from './client.ts';

export const STAFF_PASSWORD = 'correct horse battery staple';
const unique = () => randomUUID().slice(0, 8);

export async function createStaff(db: Kysely<Database>, role: StaffRole = 'coordinator') {
  const email = `${role}-${unique()}@seoulhrd.test`;
  const { personId } = await createStaffAccount(db, { email, nameLatin: `Kim ${role}`, role, password: STAFF_PASSWORD });
  return { personId, email };
}

/** A browser signed in as a new coordinator (or admin). */
export async function signedInStaff(ctx: TestContext, role: StaffRole = 'coordinator'): Promise<TestClient & { personId: string; email: string }> {
  const staff = await createStaff(ctx.deps.db, role);
  const client = ctx.client();
  const response = await client.post('/api/auth/sign-in', { email: staff.email, password: STAFF_PASSWORD });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return Object.assign(client, staff);
}

export async function createPerson(db: Kysely<Database>, overrides: Partial<{ email: string; nameLatin: string; nameNative: string; city: string; country: string; timeZone: string; locale: string }> = {}) {
  return db
    .insertInto('people')
    .values({
      email: overrides.email ?? `official-${unique()}@city.test`,
      name_latin: overrides.nameLatin ?? 'Ahmed Hassan',
      name_native: overrides.nameNative ?? null,
      city: overrides.city ?? 'Cairo',
      country: overrides.country ?? 'EG',
      time_zone: overrides.timeZone ?? 'Africa/Cairo',
      locale: overrides.locale ?? 'en',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A browser signed in through a magic link as the given person. */
export async function signedInPerson(ctx: TestContext, personId: string): Promise<TestClient & { personId: string }> {
  const { token } = await issueMagicLink(ctx.deps.db, personId, { now: ctx.deps.clock.now(), ttlMinutes: 60 });
  const client = ctx.client();
  const response = await client.post('/api/auth/magic-links/redeem', { token });
  if (response.status !== 200) throw new Error(`magic link failed: ${response.status} ${response.text}`);
  return Object.assign(client, { personId });
}

export async function createProgramme(db: Kysely<Database>, title = 'Smart City Training Program (Online)') {
  return db.insertInto('programmes').values({ title, theme: 'smart_city', modules: '[]' }).returningAll().executeTakeFirstOrThrow();
}

export async function createCohort(db: Kysely<Database>, programmeId: string, overrides: Partial<{ title: string; firstDay: string; lastDay: string; hostTimeZone: string }> = {}) {
  return db
    .insertInto('cohorts')
    .values({
      programme_id: programmeId,
      title: overrides.title ?? 'Cairo Smart City 2026',
      first_day: overrides.firstDay ?? '2026-07-13',
      last_day: overrides.lastDay ?? '2026-08-07',
      host_time_zone: overrides.hostTimeZone ?? 'Asia/Seoul',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function enrol(db: Kysely<Database>, cohortId: string, personId: string, role: EnrolmentRole = 'participant', status: 'invited' | 'confirmed' | 'withdrawn' = 'confirmed') {
  return db.insertInto('enrolments').values({ cohort_id: cohortId, person_id: personId, role, status }).returningAll().executeTakeFirstOrThrow();
}

export async function createSession(db: Kysely<Database>, cohortId: string, overrides: Partial<{ title: string; localStart: string; timeZone: string; durationMinutes: number }> = {}) {
  const localStart = overrides.localStart ?? '2026-07-14T09:00';
  const timeZone = overrides.timeZone ?? 'Asia/Seoul';
  const durationMinutes = overrides.durationMinutes ?? 90;
  const { startsAt, endsAt } = deriveInstants(localStart, timeZone, durationMinutes);
  return db
    .insertInto('sessions')
    .values({
      cohort_id: cohortId,
      kind: 'lecture',
      title: overrides.title ?? 'Seoul bus reform',
      local_start: localStart,
      time_zone: timeZone,
      duration_minutes: durationMinutes,
      starts_at: startsAt,
      ends_at: endsAt,
      tzdb_version: tzdbVersion(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Counts rows of a table: the "nothing changed" check after a refused request. */
export async function countRows(db: Kysely<Database>, table: keyof Database): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
