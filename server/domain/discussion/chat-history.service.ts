import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../access/actor.ts';
import { getRoomAccess, type RoomRef } from './room-access.ts';

/** A page of a room's messages, newest first (`before` is a message position from an earlier page); hidden ones only for moderators, deleted ones for nobody. */
export async function chatHistory(db: Kysely<Database>, actor: Actor, ref: RoomRef, page: { before?: number | undefined; limit: number }) {
  const room = await getRoomAccess(db, actor, ref);
  let query = db
    .selectFrom('chat_messages')
    .innerJoin('people', 'people.id', 'chat_messages.author_id')
    .select(['chat_messages.id', 'chat_messages.position', 'chat_messages.author_id', 'people.name_latin', 'chat_messages.body', 'chat_messages.created_at', 'chat_messages.edited_at', 'chat_messages.hidden_at'])
    .where('chat_messages.room', '=', room.name)
    .where('chat_messages.deleted_at', 'is', null);
  if (!room.canModerate) query = query.where('chat_messages.hidden_at', 'is', null);
  if (page.before !== undefined) query = query.where('chat_messages.position', '<', page.before);
  const rows = await query.orderBy('chat_messages.position', 'desc').limit(page.limit + 1).execute();
  return {
    messages: rows.slice(0, page.limit).map((r) => ({
      id: r.id,
      position: Number(r.position),
      authorId: r.author_id,
      authorName: r.name_latin,
      body: r.body,
      createdAt: r.created_at.toISOString(),
      editedAt: r.edited_at?.toISOString() ?? null,
      hidden: r.hidden_at !== null,
    })),
    more: rows.length > page.limit,
  };
}
