import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Opens a presence interval for one socket in one session room. */
export async function startPresence(db: Kysely<Database>, input: { sessionId: string; personId: string; socketId: string }, now: Date): Promise<void> {
  await db.insertInto('presence_intervals').values({ session_id: input.sessionId, person_id: input.personId, socket_id: input.socketId, started_at: now }).execute();
}

/** Closes the socket's open intervals (it left the room or disconnected). */
export async function endPresence(db: Kysely<Database>, socketId: string, now: Date, sessionId?: string): Promise<void> {
  let query = db.updateTable('presence_intervals').set({ ended_at: now }).where('socket_id', '=', socketId).where('ended_at', 'is', null);
  if (sessionId) query = query.where('session_id', '=', sessionId);
  await query.execute();
}

export function listPresenceIntervals(db: Kysely<Database>, sessionId: string) {
  return db.selectFrom('presence_intervals').selectAll().where('session_id', '=', sessionId).orderBy('started_at').execute();
}
