import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Actor } from '../access/actor.ts';
import { getRoomAccess } from './room-access.ts';
import { appendEvent, type RoomEvent } from './room-events.repository.ts';

async function totals(db: Kysely<Database>, pollId: string, optionCount: number): Promise<{ counts: number[]; voters: number }> {
  const ballots = await db.selectFrom('poll_votes').select('choices').where('poll_id', '=', pollId).execute();
  const counts = new Array<number>(optionCount).fill(0);
  for (const ballot of ballots) for (const choice of ballot.choices) counts[choice]! += 1;
  return { counts, voters: ballots.length };
}

async function getPollInRoom(db: Kysely<Database>, actor: Actor, pollId: string) {
  const poll = await db.selectFrom('polls').selectAll().where('id', '=', pollId).executeTakeFirst();
  if (!poll) throw notFound('Poll');
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId: poll.session_id }).catch(() => {
    throw notFound('Poll');
  });
  return { poll, room };
}

export async function openPoll(db: Kysely<Database>, actor: Actor, input: { sessionId: string; question: string; options: string[]; multiple: boolean }, now: Date): Promise<RoomEvent> {
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId: input.sessionId });
  if (!room.canModerate) throw new AppError('forbidden', 'Only moderators open polls');
  return db.transaction().execute(async (trx) => {
    const poll = await trx
      .insertInto('polls')
      .values({ session_id: input.sessionId, question: input.question, options: input.options, multiple: input.multiple, created_by: actor.personId, created_at: now })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    return appendEvent(trx, room, 'poll:opened', { poll: { id: poll.id, question: input.question, options: input.options, multiple: input.multiple, status: 'open' } }, actor.personId, now);
  });
}

/**
 * One ballot per person; a second one is refused, not counted. The room hears only how many voted;
 * the counts go to the moderators (`tally`), and to everyone when the poll closes published.
 */
export async function votePoll(db: Kysely<Database>, actor: Actor, pollId: string, choices: number[], now: Date): Promise<{ event: RoomEvent; tally: { sessionId: string; pollId: string; counts: number[]; voters: number } }> {
  const { poll, room } = await getPollInRoom(db, actor, pollId);
  if (poll.status !== 'open') throw new AppError('conflict', 'This poll is closed');
  const unique = [...new Set(choices)];
  if (unique.some((choice) => choice >= poll.options.length)) throw new AppError('invalid_request', `Choose among options 0 to ${poll.options.length - 1}`, { fields: [{ field: 'choices', message: 'no such option' }] });
  if (!poll.multiple && unique.length > 1) throw new AppError('invalid_request', 'This poll takes one choice', { fields: [{ field: 'choices', message: 'one choice only' }] });
  return db.transaction().execute(async (trx) => {
    const cast = await trx.insertInto('poll_votes').values({ poll_id: pollId, person_id: actor.personId, choices: unique, created_at: now }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(cast.numInsertedOrUpdatedRows ?? 0) === 0) throw new AppError('conflict', 'You have already voted in this poll');
    const counted = await totals(trx, pollId, poll.options.length);
    const event = await appendEvent(trx, room, 'poll:voted', { pollId, voters: counted.voters }, actor.personId, now);
    return { event, tally: { sessionId: poll.session_id, pollId, ...counted } };
  });
}

export async function closePoll(db: Kysely<Database>, actor: Actor, pollId: string, publish: boolean, now: Date): Promise<RoomEvent> {
  const { poll, room } = await getPollInRoom(db, actor, pollId);
  if (!room.canModerate) throw new AppError('forbidden', 'Only moderators close polls');
  if (poll.status === 'closed') throw new AppError('conflict', 'This poll is already closed');
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('polls').set({ status: 'closed', published: publish, closed_at: now }).where('id', '=', pollId).execute();
    return appendEvent(trx, room, 'poll:closed', { pollId, published: publish, ...(publish ? await totals(trx, pollId, poll.options.length) : {}) }, actor.personId, now);
  });
}

/** The session's polls; results shown to moderators always, to others once published. */
export async function listPolls(db: Kysely<Database>, actor: Actor, sessionId: string) {
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId });
  const polls = await db.selectFrom('polls').selectAll().where('session_id', '=', sessionId).orderBy('created_at').orderBy('id').execute();
  return Promise.all(
    polls.map(async (poll) => ({
      id: poll.id,
      question: poll.question,
      options: poll.options,
      multiple: poll.multiple,
      status: poll.status,
      published: poll.published,
      results: room.canModerate || poll.published ? await totals(db, poll.id, poll.options.length) : null,
      /** The caller's own ballot, so a reloaded page does not offer a second vote. */
      myChoices: (await db.selectFrom('poll_votes').select('choices').where('poll_id', '=', poll.id).where('person_id', '=', actor.personId).executeTakeFirst())?.choices ?? null,
    })),
  );
}
