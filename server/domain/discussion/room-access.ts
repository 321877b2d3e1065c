import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { isStaff, type Actor } from '../access/actor.ts';

/** The one place room names are built. */
export const roomNames = {
  session: (sessionId: string) => `session:${sessionId}`,
  lounge: (cohortId: string) => `lounge:${cohortId}`,
  staff: () => 'staff',
  moderators: (sessionId: string) => `moderators:${sessionId}`,
  person: (personId: string) => `person:${personId}`,
};

export type RoomRef = { type: 'session'; sessionId: string } | { type: 'lounge'; cohortId: string };

export interface RoomAccess {
  name: string;
  cohortId: string;
  sessionId: string | null;
  /** Coordinators and the cohort's lecturers moderate. */
  canModerate: boolean;
  /** Session rooms: questions wait for a moderator's approval. */
  qaPremoderation: boolean;
}

/**
 * Resolves a room the actor may enter: staff anywhere, others only in cohorts they are enrolled in
 * and have not withdrawn from. Unknown and forbidden rooms answer the same not_found.
 */
export async function getRoomAccess(db: Kysely<Database>, actor: Actor, ref: RoomRef): Promise<RoomAccess> {
  const target =
    ref.type === 'session'
      ? await db
          .selectFrom('sessions')
          .select(['cohort_id', 'id', 'qa_premoderation'])
          .where('id', '=', ref.sessionId)
          .executeTakeFirst()
          .then((s) => s && { cohortId: s.cohort_id, sessionId: s.id as string | null, qaPremoderation: s.qa_premoderation })
      : await db.selectFrom('cohorts').select('id').where('id', '=', ref.cohortId).executeTakeFirst().then((c) => c && { cohortId: c.id, sessionId: null as string | null, qaPremoderation: false });
  if (!target) throw notFound('Room');
  let canModerate = isStaff(actor);
  if (!canModerate) {
    const enrolment = await db
      .selectFrom('enrolments')
      .select('role')
      .where('cohort_id', '=', target.cohortId)
      .where('person_id', '=', actor.personId)
      .where('status', '!=', 'withdrawn')
      .executeTakeFirst();
    if (!enrolment) throw notFound('Room');
    canModerate = enrolment.role === 'lecturer';
  }
  const name = target.sessionId ? roomNames.session(target.sessionId) : roomNames.lounge(target.cohortId);
  return { name, cohortId: target.cohortId, sessionId: target.sessionId, canModerate, qaPremoderation: target.qaPremoderation };
}
