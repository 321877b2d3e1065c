import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface RoomEvent {
  room: string;
  sequence: number;
  kind: string;
  payload: Record<string, unknown>;
  at: string;
}

/**
 * Appends an event to a room, creating the room's counter on its first event. The counter row stays
 * locked for the rest of the transaction, so sequences are gap-free and in commit order.
 */
export async function appendEvent(
  trx: Kysely<Database>,
  target: { name: string; cohortId: string; sessionId: string | null },
  kind: string,
  payload: Record<string, unknown>,
  actorId: string,
  now: Date,
): Promise<RoomEvent> {
  const room = target.name;
  const { last_sequence: sequence } = await trx
    .insertInto('discussion_rooms')
    .values({ name: room, cohort_id: target.cohortId, session_id: target.sessionId, last_sequence: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ last_sequence: eb('discussion_rooms.last_sequence', '+', 1) })))
    .returning('last_sequence')
    .executeTakeFirstOrThrow();
  await trx.insertInto('room_events').values({ room, sequence: Number(sequence), kind, payload: JSON.stringify(payload), actor_id: actorId, created_at: now }).execute();
  return { room, sequence: Number(sequence), kind, payload, at: now.toISOString() };
}

export async function listEventsAfter(db: Kysely<Database>, room: string, after: number, limit: number): Promise<RoomEvent[]> {
  const rows = await db
    .selectFrom('room_events')
    .select(['room', 'sequence', 'kind', 'payload', 'created_at'])
    .where('room', '=', room)
    .where('sequence', '>', after)
    .orderBy('sequence')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ room: r.room, sequence: Number(r.sequence), kind: r.kind, payload: r.payload, at: r.created_at.toISOString() }));
}

export async function lastSequence(db: Kysely<Database>, room: string): Promise<number> {
  const row = await db.selectFrom('discussion_rooms').select('last_sequence').where('name', '=', room).executeTakeFirst();
  return Number(row?.last_sequence ?? 0);
}
