import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { formatInstant } from '../../time/format.ts';
import { isStaff, type Actor } from '../access/actor.ts';
import type { JoinRole } from '../../livekit/tokens.ts';

export interface JoinDecision {
  sessionId: string;
  role: JoinRole;
  person: { id: string; name: string };
}

/**
 * Who may join a session's room now: staff, and people enrolled in its cohort (invited or confirmed),
 * from `windowMinutes` before the start until the end. Refusals say why, and when, in the caller's zone.
 */
export async function decideJoin(db: Kysely<Database>, actor: Actor, sessionId: string, now: Date, windowMinutes: number): Promise<JoinDecision> {
  const session = await db.selectFrom('sessions').select(['id', 'cohort_id', 'starts_at', 'ends_at', 'status']).where('id', '=', sessionId).executeTakeFirst();
  if (!session) throw notFound('Session');
  const person = await db.selectFrom('people').select(['id', 'name_latin', 'time_zone', 'locale']).where('id', '=', actor.personId).executeTakeFirstOrThrow();
  let role: JoinRole = 'staff';
  if (!isStaff(actor)) {
    const enrolment = await db.selectFrom('enrolments').select(['role', 'status']).where('cohort_id', '=', session.cohort_id).where('person_id', '=', actor.personId).executeTakeFirst();
    if (!enrolment || enrolment.status === 'withdrawn') throw notFound('Session');
    if (enrolment.status === 'declined') throw new AppError('forbidden', 'You declined this programme; ask the coordinator to enrol you again');
    role = enrolment.role;
  }
  const local = (instant: Date) => formatInstant(instant, person.time_zone, person.locale);
  if (session.status === 'cancelled') throw new AppError('conflict', 'This session was cancelled', { details: { reason: 'cancelled' } });
  const opensAt = new Date(session.starts_at.getTime() - windowMinutes * 60_000);
  if (now < opensAt) {
    throw new AppError('conflict', `The session is not open yet: you can join from ${local(opensAt)}`, {
      details: { reason: 'not_open_yet', opensAt: opensAt.toISOString(), opensAtLocal: local(opensAt), timeZone: person.time_zone },
    });
  }
  if (now >= session.ends_at || session.status === 'ended') {
    throw new AppError('conflict', `The session ended at ${local(session.ends_at)}`, { details: { reason: 'ended', endedAt: session.ends_at.toISOString() } });
  }
  return { sessionId: session.id, role, person: { id: person.id, name: person.name_latin } };
}
