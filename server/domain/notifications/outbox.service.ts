import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database, NotificationKind, NotificationsTable } from '../../db/schema.ts';
import { conflict, notFound, ruleViolated } from '../../errors.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import * as repo from './notifications.repository.ts';

/** The logical identity of each message: the same key can never be sent twice. */
export const notificationKeys = {
  invitation: (cohortId: string, personId: string) => `invitation:${cohortId}:${personId}`,
  update: (sessionId: string, sequence: number, personId: string) => `update:${sessionId}:${sequence}:${personId}`,
  cancellation: (sessionId: string, personId: string) => `cancellation:${sessionId}:${personId}`,
  reminder: (sessionId: string, sequence: number, offsetMinutes: number, personId: string) =>
    `reminder:${sessionId}:${sequence}:${offsetMinutes}:${personId}`,
  /** Once per person and cohort, ever: being at risk is said once, not on every evaluation. */
  atRisk: (cohortId: string, personId: string) => `at_risk:${cohortId}:${personId}`,
  /** Once per certificate: a correction is a new certificate, announced again. */
  certificateIssued: (number: string) => `certificate_issued:${number}`,
  /** A link the person asked for: one message per request. */
  signInLink: (personId: string, requestId: string) => `sign_in_link:${personId}:${requestId}`,
};

/** A Message-ID derived from the key, so a resend after a crash is recognisable as the same message. */
export function messageIdFor(key: string, kind: NotificationKind, domain: string): string {
  return `<${kind}.${createHash('sha256').update(key).digest('base64url').slice(0, 24)}@${domain}>`;
}

interface NewMessage {
  kind: NotificationKind;
  key: string;
  personId: string;
  cohortId: string;
  sessionId?: string;
  sequence?: number;
  details?: Record<string, unknown>;
}

function toRow(message: NewMessage, domain: string, now: Date): Insertable<NotificationsTable> {
  return {
    key: message.key,
    kind: message.kind,
    person_id: message.personId,
    cohort_id: message.cohortId,
    session_id: message.sessionId ?? null,
    sequence: message.sequence ?? null,
    details: JSON.stringify(message.details ?? {}),
    message_id: messageIdFor(message.key, message.kind, domain),
    created_at: now,
  };
}

export interface QueuedMessages {
  created: number;
  /** Every message of the request that is not sent yet: the caller enqueues their delivery jobs. */
  pendingIds: string[];
}

/** One invitation per invited or confirmed person of the cohort, however often this runs. */
export async function queueInvitations(db: Kysely<Database>, actor: Actor, cohortId: string, context: { now: Date; domain: string }): Promise<QueuedMessages & { recipients: number }> {
  assertStaff(actor);
  const cohort = await repo.findCohortWithProgramme(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  if (cohort.status === 'archived' || cohort.status === 'completed') throw conflict(`The cohort is ${cohort.status}; invitations can no longer be sent`);
  const recipients = await repo.listRecipientIds(db, cohortId);
  if (recipients.length === 0) throw ruleViolated('The cohort has nobody invited or confirmed to send invitations to', [{ field: 'enrolments', message: 'no invited or confirmed people' }]);
  const queued = await repo.insertInvitationRows(db, cohortId, context.domain, context.now);
  await repo.setInvitationsSent(db, cohortId, context.now);
  return { ...queued, recipients: recipients.length };
}

/**
 * After a session was added, moved or cancelled: one message per person who was invited.
 * Only people who already got the cohort's invitation hear about changes; the others will get the new
 * time in their invitation.
 */
export async function queueSessionChange(
  db: Kysely<Database>,
  session: { id: string; cohortId: string; sequence: number; cancelled: boolean },
  previous: { startsAt: Date; endsAt: Date } | 'added',
  context: { now: Date; domain: string },
): Promise<QueuedMessages> {
  const invited = await db
    .selectFrom('notifications')
    .innerJoin('enrolments', (join) => join.onRef('enrolments.person_id', '=', 'notifications.person_id').on('enrolments.cohort_id', '=', session.cohortId))
    .select('notifications.person_id')
    .where('notifications.cohort_id', '=', session.cohortId)
    .where('notifications.kind', '=', 'invitation')
    .where('enrolments.status', 'in', ['invited', 'confirmed'])
    .execute();
  const details = previous === 'added' ? { added: true } : { previousStartsAt: previous.startsAt.toISOString(), previousEndsAt: previous.endsAt.toISOString() };
  const rows = invited.map(({ person_id: personId }) =>
    toRow(
      session.cancelled
        ? { kind: 'cancellation', key: notificationKeys.cancellation(session.id, personId), personId, cohortId: session.cohortId, sessionId: session.id, sequence: session.sequence, details }
        : { kind: 'update', key: notificationKeys.update(session.id, session.sequence, personId), personId, cohortId: session.cohortId, sessionId: session.id, sequence: session.sequence, details },
      context.domain,
      context.now,
    ),
  );
  return repo.upsertPendingNotifications(db, rows);
}

/** The reminders of one session and offset, for everyone still taking part. */
export async function queueReminders(
  db: Kysely<Database>,
  session: { id: string; cohortId: string; sequence: number },
  offsetMinutes: number,
  context: { now: Date; domain: string },
): Promise<QueuedMessages> {
  const recipients = await repo.listRecipientIds(db, session.cohortId);
  const rows = recipients.map((personId) =>
    toRow(
      { kind: 'reminder', key: notificationKeys.reminder(session.id, session.sequence, offsetMinutes, personId), personId, cohortId: session.cohortId, sessionId: session.id, sequence: session.sequence, details: { offsetMinutes } },
      context.domain,
      context.now,
    ),
  );
  return repo.upsertPendingNotifications(db, rows);
}

/** One message of a kind that concerns one person, queued once under its key. */
export async function queueMessage(db: Kysely<Database>, message: NewMessage, context: { now: Date; domain: string }): Promise<QueuedMessages> {
  return repo.upsertPendingNotifications(db, [toRow(message, context.domain, context.now)]);
}
