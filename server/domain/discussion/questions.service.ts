import type { Kysely, Selectable } from 'kysely';
import type { Database, QuestionsTable } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Actor } from '../access/actor.ts';
import { getRoomAccess, type RoomAccess } from './room-access.ts';
import { appendEvent, type RoomEvent } from './room-events.repository.ts';

export interface QuestionView {
  id: string;
  sessionId: string;
  body: string;
  agendaItem: string | null;
  status: Selectable<QuestionsTable>['status'];
  pinned: boolean;
  /** False while a pre-moderated question waits for a moderator. */
  approved: boolean;
  votes: number;
  anonymous: boolean;
  /** Hidden from other participants when the question was asked anonymously; moderators always see it. */
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
}

type QuestionRow = Selectable<QuestionsTable> & { author_name: string };

function toQuestionView(row: QuestionRow, revealAuthor: boolean): QuestionView {
  const shown = !row.anonymous || revealAuthor;
  return {
    id: row.id,
    sessionId: row.session_id,
    body: row.body,
    agendaItem: row.agenda_item,
    status: row.status,
    pinned: row.pinned,
    approved: row.approved,
    votes: row.votes,
    anonymous: row.anonymous,
    authorId: shown ? row.author_id : null,
    authorName: shown ? row.author_name : null,
    createdAt: row.created_at.toISOString(),
  };
}

const withAuthor = (db: Kysely<Database>) => db.selectFrom('questions').innerJoin('people', 'people.id', 'questions.author_id').selectAll('questions').select('people.name_latin as author_name');

async function getQuestionInRoom(db: Kysely<Database>, actor: Actor, questionId: string): Promise<{ row: QuestionRow; room: RoomAccess }> {
  const row = await withAuthor(db).where('questions.id', '=', questionId).executeTakeFirst();
  if (!row) throw notFound('Question');
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId: row.session_id }).catch(() => {
    throw notFound('Question');
  });
  return { row, room };
}

/**
 * Stores a question. In a pre-moderated session it waits, unseen by other participants, and the caller
 * shows it to the moderators only (`awaitingApproval`); otherwise it is a room event for everyone.
 */
export async function askQuestion(
  db: Kysely<Database>,
  actor: Actor,
  input: { sessionId: string; body: string; anonymous: boolean; agendaItem?: string | undefined },
  now: Date,
): Promise<{ event: RoomEvent } | { awaitingApproval: QuestionView }> {
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId: input.sessionId });
  const approved = !room.qaPremoderation || room.canModerate;
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('questions')
      .values({ session_id: input.sessionId, author_id: actor.personId, anonymous: input.anonymous, body: input.body, agenda_item: input.agendaItem ?? null, approved, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = (await withAuthor(trx).where('questions.id', '=', id).executeTakeFirst())!;
    if (!approved) return { awaitingApproval: toQuestionView(row, true) };
    return { event: await appendEvent(trx, room, 'qa:asked', { question: toQuestionView(row, false) }, actor.personId, now) };
  });
}

/** One vote per person: a second vote (even concurrent) changes nothing and says so. */
export async function voteQuestion(db: Kysely<Database>, actor: Actor, questionId: string, up: boolean, now: Date): Promise<RoomEvent | undefined> {
  const { room } = await getQuestionInRoom(db, actor, questionId);
  return db.transaction().execute(async (trx) => {
    const changed = up
      ? await trx.insertInto('question_votes').values({ question_id: questionId, person_id: actor.personId, created_at: now }).onConflict((oc) => oc.doNothing()).executeTakeFirst().then((r) => Number(r.numInsertedOrUpdatedRows ?? 0))
      : await trx.deleteFrom('question_votes').where('question_id', '=', questionId).where('person_id', '=', actor.personId).executeTakeFirst().then((r) => Number(r.numDeletedRows));
    if (changed === 0) return undefined;
    const { votes } = await trx
      .updateTable('questions')
      .set((eb) => ({ votes: eb('votes', up ? '+' : '-', 1), updated_at: now }))
      .where('id', '=', questionId)
      .returning('votes')
      .executeTakeFirstOrThrow();
    return appendEvent(trx, room, 'qa:voted', { questionId, votes }, actor.personId, now);
  });
}

const actions = {
  approve: { approved: true },
  pin: { pinned: true },
  unpin: { pinned: false },
  answered: { status: 'answered' },
  answered_live: { status: 'answered_live' },
  dismiss: { status: 'dismissed' },
  reopen: { status: 'open' },
} as const;

export async function moderateQuestion(db: Kysely<Database>, actor: Actor, questionId: string, action: keyof typeof actions, now: Date): Promise<RoomEvent> {
  const { room } = await getQuestionInRoom(db, actor, questionId);
  if (!room.canModerate) throw new AppError('forbidden', 'Only the lecturer and coordinators moderate questions');
  const { row: before } = await getQuestionInRoom(db, actor, questionId);
  if (action === 'approve' && before.approved) throw new AppError('conflict', 'This question is already visible');
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('questions').set({ ...actions[action], updated_at: now }).where('id', '=', questionId).execute();
    const row = (await withAuthor(trx).where('questions.id', '=', questionId).executeTakeFirst())!;
    // Approval is the moment everyone else sees the question: for them it is asked now.
    if (action === 'approve') return appendEvent(trx, room, 'qa:asked', { question: toQuestionView(row, false) }, actor.personId, now);
    return appendEvent(trx, room, 'qa:updated', { question: toQuestionView(row, false), action }, actor.personId, now);
  });
}

/** The session's questions, most wanted (pinned first, then votes) or oldest first. */
export async function listQuestions(db: Kysely<Database>, actor: Actor, sessionId: string, sort: 'votes' | 'time'): Promise<QuestionView[]> {
  const room = await getRoomAccess(db, actor, { type: 'session', sessionId });
  let query = withAuthor(db).where('questions.session_id', '=', sessionId);
  if (!room.canModerate) query = query.where((eb) => eb.or([eb('questions.approved', '=', true), eb('questions.author_id', '=', actor.personId)]));
  query = sort === 'votes' ? query.orderBy('questions.pinned', 'desc').orderBy('questions.votes', 'desc').orderBy('questions.created_at') : query.orderBy('questions.created_at');
  const rows = await query.orderBy('questions.id').execute();
  return rows.map((row) => toQuestionView(row, room.canModerate || row.author_id === actor.personId));
}
