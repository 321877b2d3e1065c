import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // The outbox: one row per logical message, unique by key, so a retry can never make a second one.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
    .addColumn('session_id', 'uuid', (c) => c.references('sessions.id').onDelete('cascade'))
    .addColumn('sequence', 'integer')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint(
      'notifications_kind_known',
      sql`kind IN ('invitation', 'reminder', 'update', 'cancellation', 'certificate_issued', 'missed_session')`,
    )
    .addCheckConstraint('notifications_state_known', sql`state IN ('pending', 'sending', 'sent', 'failed', 'skipped')`)
    .execute();
  await db.schema.createIndex('notifications_cohort_person_idx').on('notifications').columns(['cohort_id', 'person_id']).execute();
  await db.schema
    .createIndex('notifications_unsent_idx')
    .on('notifications')
    .columns(['state', 'created_at'])
    .where(sql.ref('state'), 'in', ['pending', 'sending'])
    .execute();

  await db.schema
    .alterTable('cohorts')
    .addColumn('reminder_offsets_minutes', sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{1440,15}'::integer[]`))
    .execute();
  await sql`ALTER TABLE cohorts ADD CONSTRAINT cohorts_reminder_offsets_positive CHECK (0 < ALL (reminder_offsets_minutes))`.execute(db);

  // Bumping the version revokes every calendar-feed URL handed out before.
  await db.schema.alterTable('people').addColumn('calendar_feed_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('calendar_feed_version').execute();
  await db.schema.alterTable('cohorts').dropConstraint('cohorts_reminder_offsets_positive').execute();
  await db.schema.alterTable('cohorts').dropColumn('reminder_offsets_minutes').execute();
  await db.schema.dropTable('notifications').execute();
}
