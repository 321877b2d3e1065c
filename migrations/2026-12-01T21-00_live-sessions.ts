import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // Per session: which languages interpreters serve, and whether participants start muted.
  await db.schema
    .alterTable('sessions')
    .addColumn('interpretation_languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('start_muted', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  // Per enrolment (one programme run): the language an interpreter speaks into, or the one a participant listens in.
  await db.schema.alterTable('enrolments').addColumn('interpretation_language', 'text').execute();

  // City teams: groups of a cohort that last the whole programme.
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('teams_name_per_cohort', ['cohort_id', 'name'])
    .execute();
  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'person_id'])
    // One team per person and cohort.
    .addUniqueConstraint('team_members_one_team', ['cohort_id', 'person_id'])
    .execute();
  // Team rooms opened during a session; at most one open breakout per session.
  await db.schema
    .createTable('breakouts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('opened_by', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX breakouts_one_open ON breakouts (session_id) WHERE closed_at IS NULL`.execute(db);

  await db.schema
    .createTable('moderation_actions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('actor_person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action IN ('remove_participant', 'mute_track', 'end_session', 'open_team_rooms', 'close_team_rooms')`))
    .addColumn('target_person_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('track_sid', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_actions_session').on('moderation_actions').columns(['session_id', 'created_at']).execute();

  // Every LiveKit webhook, stored once under its event id before anything else happens.
  await db.schema
    .createTable('livekit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('room_name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('processed_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX livekit_events_unprocessed ON livekit_events (received_at) WHERE processed_at IS NULL`.execute(db);

  // What each source says about a person in a session; attendance is computed from these rows, never stored in their place.
  await db.schema
    .createTable('attendance_evidence')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source IN ('webhook', 'poll')`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('joined', 'left', 'seen', 'room_started', 'room_finished', 'poll')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('joined_at', 'timestamptz')
    .addColumn('participant_sid', 'text')
    .addColumn('room_name', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    // A replayed event or poll adds nothing.
    .addUniqueConstraint('attendance_evidence_once', ['ref', 'kind', 'participant_sid'], (c) => c.nullsNotDistinct())
    .execute();
  await db.schema.createIndex('attendance_evidence_session').on('attendance_evidence').columns(['session_id', 'person_id', 'at']).execute();

  // A coordinator's decision beside the computed value, never in its place; the newest row counts.
  await db.schema
    .createTable('attendance_overrides')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes >= 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attendance_overrides_lookup').on('attendance_overrides').columns(['session_id', 'person_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['attendance_overrides', 'attendance_evidence', 'livekit_events', 'moderation_actions', 'breakouts', 'team_members', 'teams']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('enrolments').dropColumn('interpretation_language').execute();
  await db.schema.alterTable('sessions').dropColumn('interpretation_languages').dropColumn('start_muted').execute();
}
