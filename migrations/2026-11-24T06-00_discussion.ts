import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per discussion room; its counter gives every event of the room a gap-free sequence.
  await db.schema
    .createTable('discussion_rooms')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
    .addColumn('session_id', 'uuid', (c) => c.references('sessions.id').onDelete('cascade'))
    .addColumn('last_sequence', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  // Everything that happened in a room, in order: a reconnecting client asks for what follows its last sequence.
  await db.schema
    .createTable('room_events')
    .addColumn('room', 'text', (c) => c.notNull().references('discussion_rooms.name').onDelete('cascade'))
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_events_pk', ['room', 'sequence'])
    .execute();

  await db.schema
    .createTable('chat_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('room', 'text', (c) => c.notNull().references('discussion_rooms.name').onDelete('cascade'))
    // Arrival order for history pages, unambiguous even within one millisecond.
    .addColumn('position', 'bigint', (c) => c.notNull().generatedByDefaultAsIdentity())
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('hidden_at', 'timestamptz')
    .addColumn('hidden_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addCheckConstraint('chat_messages_body_length', sql`char_length(body) BETWEEN 1 AND 2000`)
    .execute();
  await db.schema.createIndex('chat_messages_room_idx').on('chat_messages').columns(['room', 'position']).execute();

  // Sessions whose questions a moderator approves before anyone else sees them.
  await db.schema.alterTable('sessions').addColumn('qa_premoderation', 'boolean', (c) => c.notNull().defaultTo(false)).execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('anonymous', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('agenda_item', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('pinned', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('approved', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('votes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('questions_status_known', sql`status IN ('open', 'answered', 'answered_live', 'dismissed')`)
    .addCheckConstraint('questions_body_length', sql`char_length(body) BETWEEN 1 AND 1000`)
    .addCheckConstraint('questions_votes_non_negative', sql`votes >= 0`)
    .execute();
  await db.schema.createIndex('questions_session_idx').on('questions').columns(['session_id', 'created_at']).execute();

  // One vote per person and question, whatever arrives twice.
  await db.schema
    .createTable('question_votes')
    .addColumn('question_id', 'uuid', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_votes_pk', ['question_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('hand_raises')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // Arrival order, even when two hands go up within the same millisecond.
    .addColumn('position', 'bigint', (c) => c.notNull().generatedByDefaultAsIdentity())
    .addColumn('raised_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lowered_at', 'timestamptz')
    .addColumn('lowered_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .execute();
  await db.schema
    .createTable('polls')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('options', sql`text[]`, (c) => c.notNull())
    .addColumn('multiple', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('polls_status_known', sql`status IN ('open', 'closed')`)
    .addCheckConstraint('polls_options_count', sql`cardinality(options) BETWEEN 2 AND 10`)
    .execute();

  // One ballot per person and poll.
  await db.schema
    .createTable('poll_votes')
    .addColumn('poll_id', 'uuid', (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('choices', sql`smallint[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('poll_votes_pk', ['poll_id', 'person_id'])
    .execute();

  // Who was in a session room, from when to when: attendance evidence (one row per socket).
  await db.schema
    .createTable('presence_intervals')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('socket_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addCheckConstraint('presence_intervals_ordered', sql`ended_at IS NULL OR ended_at >= started_at`)
    .execute();
  await db.schema.createIndex('presence_intervals_session_idx').on('presence_intervals').columns(['session_id', 'person_id']).execute();

  await sql`CREATE UNIQUE INDEX hand_raises_one_up_idx ON hand_raises (session_id, person_id) WHERE lowered_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('qa_premoderation').execute();
  for (const table of ['poll_votes', 'polls', 'presence_intervals', 'hand_raises', 'question_votes', 'questions', 'chat_messages', 'room_events', 'discussion_rooms']) {
    await db.schema.dropTable(table).execute();
  }
}
