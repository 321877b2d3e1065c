import { sql, type Kysely } from 'kysely';

// Frozen in time: this file never imports application code and is never edited after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  // New messages: a sign-in link a person asked for, and the one warning that they are at risk.
  await sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_known`.execute(db);
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_known CHECK (kind IN ('invitation', 'reminder', 'update', 'cancellation', 'certificate_issued', 'missed_session', 'sign_in_link', 'at_risk'))`.execute(db);

  // A coordinator's record that a person made up a session that fell outside their hours.
  await db.schema
    .createTable('make_ups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('make_ups_once', ['session_id', 'person_id'])
    .execute();

  // The centre's credential signing key, created once when no key is configured.
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('private_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await sql`CREATE SEQUENCE certificate_status_index_seq MINVALUE 0 START 0`.execute(db);
  await db.schema
    .createTable('certificates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('enrolment_id', 'uuid', (c) => c.notNull().references('enrolments.id'))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('status_index', 'integer', (c) => c.notNull().unique())
    .addColumn('name_latin', 'text', (c) => c.notNull())
    .addColumn('name_native', 'text')
    .addColumn('hours_attended', 'numeric(6, 1)', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_reason', 'text')
    .addColumn('replaced_by', 'uuid')
    .addColumn('pdf', 'bytea', (c) => c.notNull())
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .addColumn('credential_jwt', 'text', (c) => c.notNull())
    .addCheckConstraint('certificates_revocation_has_reason', sql`(revoked_at IS NULL) = (revoked_reason IS NULL)`)
    .execute();
  // A correction points the old certificate at its replacement, inserted in the same transaction.
  await sql`ALTER TABLE certificates ADD CONSTRAINT certificates_replaced_by_fk FOREIGN KEY (replaced_by) REFERENCES certificates (id) DEFERRABLE INITIALLY DEFERRED`.execute(db);
  // One current certificate per enrolment, however often issuance runs; a correction replaces it.
  await sql`CREATE UNIQUE INDEX certificates_one_current ON certificates (enrolment_id) WHERE replaced_by IS NULL`.execute(db);
  await db.schema.createIndex('certificates_cohort').on('certificates').column('cohort_id').execute();

  // Bulk issuance for a cohort: the coordinator's progress bar reads `done` of `total`.
  await db.schema
    .createTable('issuance_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohorts.id'))
    .addColumn('actor_person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('running', 'done', 'failed')`))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX issuance_runs_one_running ON issuance_runs (cohort_id) WHERE status = 'running'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['issuance_runs', 'certificates', 'signing_keys', 'make_ups']) await db.schema.dropTable(table).execute();
  await sql`DROP SEQUENCE certificate_status_index_seq`.execute(db);
  await sql`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_known`.execute(db);
  await sql`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_known CHECK (kind IN ('invitation', 'reminder', 'update', 'cancellation', 'certificate_issued', 'missed_session'))`.execute(db);
}
