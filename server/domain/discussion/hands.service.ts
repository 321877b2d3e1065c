import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../access/actor.ts';
import { getRoomAccess } from './room-access.ts';
import { appendEvent, type RoomEvent } from './room-events.repository.ts';

export async function raiseHand(db: Kysely<Database>, actor: Actor, sessionId: string, now: Date): Promise<RoomEvent | undefined> {
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId });
  return db.transaction().execute(async (trx) => {
    // The partial unique index keeps one raised hand per person: raising twice changes nothing.
    const raised = await trx
      .insertInto('hand_raises')
      .values({ session_id: sessionId, person_id: actor.personId, raised_at: now })
      .onConflict((oc) => oc.columns(['session_id', 'person_id']).where('lowered_at', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!raised) return undefined;
    return appendEvent(trx, room, 'hand:raised', { personId: actor.personId, raisedAt: now.toISOString() }, actor.personId, now);
  });
}

/** A person lowers their own hand; the host lowers anyone's, one by one. */
export async function lowerHand(db: Kysely<Database>, actor: Actor, sessionId: string, personId: string | undefined, now: Date): Promise<RoomEvent | undefined> {
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId });
  const whose = personId ?? actor.personId;
  if (whose !== actor.personId && !room.canModerate) throw new AppError('forbidden', 'Only the host lowers someone else’s hand');
  return db.transaction().execute(async (trx) => {
    const lowered = await trx
      .updateTable('hand_raises')
      .set({ lowered_at: now, lowered_by: actor.personId })
      .where('session_id', '=', sessionId)
      .where('person_id', '=', whose)
      .where('lowered_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!lowered) return undefined;
    return appendEvent(trx, room, 'hand:lowered', { personId: whose, by: actor.personId }, actor.personId, now);
  });
}

/** The queue of raised hands, first raised first. */
export async function listHands(db: Kysely<Database>, actor: Actor, sessionId: string) {
  await getRoomAccess(db, actor, { type: 'session', sessionId });
  const rows = await db
    .selectFrom('hand_raises')
    .innerJoin('people', 'people.id', 'hand_raises.person_id')
    .select(['hand_raises.person_id', 'people.name_latin', 'hand_raises.raised_at'])
    .where('hand_raises.session_id', '=', sessionId)
    .where('hand_raises.lowered_at', 'is', null)
    .orderBy('hand_raises.position')
    .execute();
  return rows.map((r) => ({ personId: r.person_id, name: r.name_latin, raisedAt: r.raised_at.toISOString() }));
}
