import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, NotificationsTable } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** Inserts the logical messages that do not exist yet; returns the ids of every one still to be sent. */
export async function upsertPendingNotifications(db: Db, rows: Insertable<NotificationsTable>[]): Promise<{ created: number; pendingIds: string[] }> {
  if (rows.length === 0) return { created: 0, pendingIds: [] };
  let created = 0;
  const pendingIds: string[] = [];
  // 11 parameters a row: chunks stay far below PostgreSQL's 65,535-parameter limit.
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const inserted = await db.insertInto('notifications').values(chunk).onConflict((oc) => oc.column('key').doNothing()).returning('id').execute();
    created += inserted.length;
    const pending = await db
      .selectFrom('notifications')
      .select('id')
      .where('key', 'in', chunk.map((r) => r.key))
      .where('state', 'in', ['pending', 'sending'])
      .execute();
    pendingIds.push(...pending.map((r) => r.id));
  }
  return { created, pendingIds };
}

/**
 * One invitation row per invited or confirmed person of the cohort, generated inside PostgreSQL in one
 * statement (the key and its Message-ID digest are computed there exactly as `messageIdFor` does).
 */
export async function insertInvitationRows(db: Db, cohortId: string, domain: string, now: Date): Promise<{ created: number; pendingIds: string[] }> {
  const key = sql<string>`'invitation:' || enrolments.cohort_id || ':' || enrolments.person_id`;
  const inserted = await db
    .insertInto('notifications')
    .columns(['key', 'kind', 'person_id', 'cohort_id', 'message_id', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('enrolments')
        .select([
          key.as('key'),
          sql<'invitation'>`'invitation'`.as('kind'),
          'enrolments.person_id',
          'enrolments.cohort_id',
          sql<string>`'<invitation.' || substr(translate(encode(sha256(convert_to(${key}, 'UTF8')), 'base64'), '+/', '-_'), 1, 24) || '@' || ${domain} || '>'`.as('message_id'),
          sql<Date>`${now}::timestamptz`.as('created_at'),
        ])
        .where('enrolments.cohort_id', '=', cohortId)
        .where('enrolments.status', 'in', ['invited', 'confirmed']),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  const pending = await db
    .selectFrom('notifications')
    .select('id')
    .where('cohort_id', '=', cohortId)
    .where('kind', '=', 'invitation')
    .where('state', 'in', ['pending', 'sending'])
    .execute();
  return { created: Number(inserted.numInsertedOrUpdatedRows ?? 0), pendingIds: pending.map((r) => r.id) };
}

/** Takes a message for sending; a message left in `sending` by a killed worker is taken again. */
export function claimNotification(db: Db, id: string, now: Date) {
  return db
    .updateTable('notifications')
    .set((eb) => ({ state: 'sending', attempts: eb('attempts', '+', 1), claimed_at: now }))
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'sending'])
    .returningAll()
    .executeTakeFirst();
}

export function markNotification(db: Db, id: string, change: { state: 'sent' | 'pending' | 'failed' | 'skipped'; now: Date; error?: string }) {
  return db
    .updateTable('notifications')
    .set({
      state: change.state,
      last_error: change.error ?? null,
      ...(change.state === 'sent' && { sent_at: change.now }),
    })
    .where('id', '=', id)
    .execute();
}

export function findRecipient(db: Db, personId: string, cohortId: string) {
  return db
    .selectFrom('people')
    .leftJoin('enrolments', (join) => join.onRef('enrolments.person_id', '=', 'people.id').on('enrolments.cohort_id', '=', cohortId))
    .select(['people.id', 'people.name_latin', 'people.name_native', 'people.email', 'people.locale', 'people.time_zone', 'people.calendar_feed_version', 'enrolments.status as enrolment_status'])
    .where('people.id', '=', personId)
    .executeTakeFirst();
}

export function findCohortWithProgramme(db: Db, cohortId: string) {
  return db
    .selectFrom('cohorts')
    .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
    .select(['cohorts.id', 'cohorts.title', 'cohorts.host_time_zone', 'cohorts.first_day', 'cohorts.last_day', 'cohorts.status', 'cohorts.reminder_offsets_minutes', 'programmes.title as programme_title'])
    .where('cohorts.id', '=', cohortId)
    .executeTakeFirst();
}

export function listCohortSessions(db: Db, cohortId: string, options: { includeCancelled: boolean }) {
  let query = db.selectFrom('sessions').selectAll().where('cohort_id', '=', cohortId);
  if (!options.includeCancelled) query = query.where('status', '!=', 'cancelled');
  return query.orderBy('starts_at').execute();
}

export function findSession(db: Db, sessionId: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
}

/** People who receive a cohort's messages: invited or confirmed, never declined or withdrawn. */
export function listRecipientIds(db: Db, cohortId: string) {
  return db
    .selectFrom('enrolments')
    .select('person_id')
    .where('cohort_id', '=', cohortId)
    .where('status', 'in', ['invited', 'confirmed'])
    .execute()
    .then((rows) => rows.map((r) => r.person_id));
}

export function setInvitationsSent(db: Db, cohortId: string, now: Date) {
  return db
    .updateTable('cohorts')
    .set({ invitations_sent_at: sql<Date>`coalesce(invitations_sent_at, ${now})` })
    .where('id', '=', cohortId)
    .execute();
}

export function listDeliveries(db: Db, cohortId: string, filter: { state?: string | undefined; kind?: string | undefined }) {
  let query = db
    .selectFrom('notifications')
    .innerJoin('people', 'people.id', 'notifications.person_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.session_id',
      'notifications.sequence',
      'notifications.state',
      'notifications.attempts',
      'notifications.last_error',
      'notifications.created_at',
      'notifications.sent_at',
      'people.id as person_id',
      'people.name_latin',
      'people.email',
    ])
    .where('notifications.cohort_id', '=', cohortId);
  if (filter.state) query = query.where('notifications.state', '=', filter.state as 'pending');
  if (filter.kind) query = query.where('notifications.kind', '=', filter.kind as 'invitation');
  return query.orderBy('people.name_latin').orderBy('notifications.created_at').execute();
}

/** Messages that should be on their way: for the reconcile job to re-enqueue after a Redis loss. */
export function listUnsentNotificationIds(db: Db, createdBefore: Date, limit: number) {
  return db
    .selectFrom('notifications')
    .select('id')
    .where('state', 'in', ['pending', 'sending'])
    .where('created_at', '<', createdBefore)
    .orderBy('created_at')
    .limit(limit)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}
