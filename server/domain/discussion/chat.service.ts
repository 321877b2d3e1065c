import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Actor } from '../access/actor.ts';
import { getRoomAccess, type RoomRef } from './room-access.ts';
import { appendEvent, type RoomEvent } from './room-events.repository.ts';

async function authorName(db: Kysely<Database>, personId: string) {
  return (await db.selectFrom('people').select('name_latin').where('id', '=', personId).executeTakeFirstOrThrow()).name_latin;
}

/** Stores the message and its room event in one transaction; the caller broadcasts after the commit. */
export async function sendMessage(db: Kysely<Database>, actor: Actor, ref: RoomRef, body: string, now: Date): Promise<RoomEvent> {
  const room = await getRoomAccess(db, actor, ref);
  return db.transaction().execute(async (trx) => {
    // The event first: it creates the room's row, which the message refers to.
    const id = randomUUID();
    const event = await appendEvent(trx, room, 'chat:sent', { message: { id, authorId: actor.personId, authorName: await authorName(trx, actor.personId), body, createdAt: now.toISOString() } }, actor.personId, now);
    await trx.insertInto('chat_messages').values({ id, room: room.name, author_id: actor.personId, body, created_at: now }).execute();
    return event;
  });
}

async function getMessageInRoom(db: Kysely<Database>, actor: Actor, messageId: string) {
  const message = await db.selectFrom('chat_messages').innerJoin('discussion_rooms', 'discussion_rooms.name', 'chat_messages.room').selectAll('chat_messages').select(['discussion_rooms.cohort_id', 'discussion_rooms.session_id']).where('chat_messages.id', '=', messageId).executeTakeFirst();
  if (!message) throw notFound('Message');
  const ref: RoomRef = message.session_id ? { type: 'session', sessionId: message.session_id } : { type: 'lounge', cohortId: message.cohort_id };
  const room = await getRoomAccess(db, actor, ref).catch(() => {
    throw notFound('Message');
  });
  if (message.deleted_at || message.hidden_at) throw new AppError('conflict', 'This message is no longer shown');
  return { message, room };
}

export async function editMessage(db: Kysely<Database>, actor: Actor, messageId: string, body: string, now: Date): Promise<RoomEvent> {
  const { message, room } = await getMessageInRoom(db, actor, messageId);
  if (message.author_id !== actor.personId) throw new AppError('forbidden', 'You can edit only your own messages');
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('chat_messages').set({ body, edited_at: now }).where('id', '=', messageId).execute();
    return appendEvent(trx, room, 'chat:edited', { messageId, body, editedAt: now.toISOString() }, actor.personId, now);
  });
}

export async function deleteMessage(db: Kysely<Database>, actor: Actor, messageId: string, now: Date): Promise<RoomEvent> {
  const { message, room } = await getMessageInRoom(db, actor, messageId);
  if (message.author_id !== actor.personId) throw new AppError('forbidden', 'You can delete only your own messages');
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('chat_messages').set({ deleted_at: now }).where('id', '=', messageId).execute();
    return appendEvent(trx, room, 'chat:deleted', { messageId }, actor.personId, now);
  });
}

export async function hideMessage(db: Kysely<Database>, actor: Actor, messageId: string, now: Date): Promise<RoomEvent> {
  const { room } = await getMessageInRoom(db, actor, messageId);
  if (!room.canModerate) throw new AppError('forbidden', 'Only moderators hide messages');
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('chat_messages').set({ hidden_at: now, hidden_by: actor.personId }).where('id', '=', messageId).execute();
    return appendEvent(trx, room, 'chat:hidden', { messageId }, actor.personId, now);
  });
}
