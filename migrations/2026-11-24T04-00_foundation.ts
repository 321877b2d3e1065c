import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS citext`.execute(db);

  await db.schema
    .createTable('programmes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('partner_organisation', 'text')
    .addColumn('description', 'text')
    .addColumn('modules', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('default_completion_policy', 'jsonb')
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('programmes_title_not_blank', sql`length(btrim(title)) > 0`)
    .execute();

  await db.schema
    .createTable('cohorts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('programme_id', 'uuid', (c) => c.notNull().references('programmes.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('host_time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Seoul'))
    .addColumn('first_day', 'date', (c) => c.notNull())
    .addColumn('last_day', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('capacity', 'integer')
    .addColumn('completion_policy', 'jsonb')
    .addColumn('invitations_sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('cohorts_days_ordered', sql`last_day >= first_day`)
    .addCheckConstraint(
      'cohorts_status_known',
      sql`status IN ('draft', 'scheduled', 'running', 'completed', 'archived')`,
    )
    .addCheckConstraint('cohorts_capacity_positive', sql`capacity IS NULL OR capacity > 0`)
    .execute();
  await db.schema.createIndex('cohorts_programme_idx').on('cohorts').columns(['programme_id', 'first_day']).execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', sql`citext`, (c) => c.notNull().unique())
    .addColumn('name_latin', 'text', (c) => c.notNull())
    .addColumn('name_native', 'text')
    .addColumn('city', 'text')
    .addColumn('country', 'char(2)', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('organisation', 'text')
    .addColumn('position', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('people_country_upper', sql`country ~ '^[A-Z]{2}$'`)
    .addCheckConstraint('people_email_shape', sql`email::text ~ '^[^@\\s]+@[^@\\s]+$'`)
    .execute();

  await db.schema
    .createTable('enrolments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('restrict'))
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('participant'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('invited'))
    .addColumn('preferred_start', 'time', (c) => c.notNull().defaultTo('08:00'))
    .addColumn('preferred_end', 'time', (c) => c.notNull().defaultTo('21:00'))
    .addColumn('weekend_days', sql`smallint[]`)
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('enrolments_one_per_person_and_cohort', ['cohort_id', 'person_id'])
    .addCheckConstraint(
      'enrolments_role_known',
      sql`role IN ('participant', 'lecturer', 'interpreter', 'observer')`,
    )
    .addCheckConstraint(
      'enrolments_status_known',
      sql`status IN ('invited', 'confirmed', 'declined', 'withdrawn')`,
    )
    .addCheckConstraint('enrolments_hours_ordered', sql`preferred_end > preferred_start`)
    .execute();
  await db.schema.createIndex('enrolments_person_idx').on('enrolments').columns(['person_id', 'status']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('speakers', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('local_start', 'timestamp', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('tzdb_version', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'sessions_kind_known',
      sql`kind IN ('orientation', 'lecture', 'policy_presentation', 'site_visit', 'discussion', 'group_work', 'group_presentation', 'closing')`,
    )
    .addCheckConstraint('sessions_status_known', sql`status IN ('scheduled', 'live', 'ended', 'cancelled')`)
    .addCheckConstraint('sessions_duration_positive', sql`duration_minutes > 0 AND duration_minutes <= 1440`)
    .addCheckConstraint('sessions_end_after_start', sql`ends_at > starts_at`)
    .addCheckConstraint('sessions_sequence_non_negative', sql`sequence >= 0`)
    .execute();
  await db.schema.createIndex('sessions_cohort_start_idx').on('sessions').columns(['cohort_id', 'starts_at']).execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().unique().references('people.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('last_sign_in_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('accounts_role_known', sql`role IN ('admin', 'coordinator')`)
    .execute();

  // Web sign-in sessions: the cookie holds a random token, the table only its SHA-256.
  await db.schema
    .createTable('auth_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('auth_sessions_method_known', sql`method IN ('password', 'magic_link')`)
    .execute();
  await db.schema.createIndex('auth_sessions_person_idx').on('auth_sessions').column('person_id').execute();

  // Magic links: single use, expiring, stored hashed.
  await db.schema
    .createTable('sign_in_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addCheckConstraint('sign_in_tokens_expiry_after_creation', sql`expires_at > created_at`)
    .execute();
  await db.schema.createIndex('sign_in_tokens_expiry_idx').on('sign_in_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['sign_in_tokens', 'auth_sessions', 'accounts', 'sessions', 'enrolments', 'people', 'cohorts', 'programmes']) {
    await db.schema.dropTable(table).execute();
  }
}
