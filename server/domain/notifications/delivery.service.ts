import type { Kysely } from 'kysely';
import type { Database, SessionRow } from '../../db/schema.ts';
import type { Mailer, OutgoingMail } from '../../mail/mailer.ts';
import { issueMagicLink } from '../auth/auth.service.ts';
import { composeAdded, composeAtRisk, composeCertificateIssued, composeCancellation, composeInvitation, composeReminder, composeSignInLink, composeUpdate, type AtRiskFacts, type MailContext, type SessionInfo } from './compose.ts';
import { calendarFeedUrl, joinUrl, signInUrl, type LinkSettings } from './links.ts';
import * as repo from './notifications.repository.ts';

export interface DeliverySettings extends LinkSettings {
  centreName: string;
  organizer: { name: string; email: string };
  domain: string;
  invitationLinkTtlMinutes: number;
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'already-done';

/** What happened, and the message's new state for anyone watching deliveries live. */
export interface DeliveryResult {
  outcome: DeliveryOutcome;
  message?: { notificationId: string; cohortId: string; personId: string; kind: string; state: 'sent' | 'skipped'; attempts: number };
}

const toSessionInfo = (row: SessionRow): SessionInfo => ({
  id: row.id,
  title: row.title,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  sequence: row.sequence,
  cancelled: row.status === 'cancelled',
});

/**
 * Sends one outbox message. Claiming, sending and marking happen in that order: a crash after the
 * relay accepted the mail but before it is marked sent can resend it once, under the same Message-ID.
 */
export async function deliverNotification(
  deps: { db: Kysely<Database>; mailer: Mailer; now: () => Date },
  settings: DeliverySettings,
  notificationId: string,
  attempt: { isFinal: boolean },
): Promise<DeliveryResult> {
  const { db } = deps;
  const notification = await repo.claimNotification(db, notificationId, deps.now());
  if (!notification) return { outcome: 'already-done' };
  const result = (outcome: 'sent' | 'skipped'): DeliveryResult => ({
    outcome,
    message: { notificationId: notification.id, cohortId: notification.cohort_id, personId: notification.person_id, kind: notification.kind, state: outcome, attempts: notification.attempts },
  });

  const skip = async (reason: string) => {
    await repo.markNotification(db, notification.id, { state: 'skipped', now: deps.now(), error: reason });
    return result('skipped');
  };

  const [recipient, cohort] = await Promise.all([
    repo.findRecipient(db, notification.person_id, notification.cohort_id),
    repo.findCohortWithProgramme(db, notification.cohort_id),
  ]);
  if (!recipient || !cohort) return skip('the person or the cohort no longer exists');
  if (recipient.enrolment_status !== 'invited' && recipient.enrolment_status !== 'confirmed') {
    return skip(`the person is ${recipient.enrolment_status ?? 'no longer enrolled'}`);
  }
  const session = notification.session_id ? await repo.findSession(db, notification.session_id) : undefined;

  const context: MailContext = {
    recipient: { name: recipient.name_latin, email: recipient.email, locale: recipient.locale, timeZone: recipient.time_zone },
    cohort: { title: cohort.title, programmeTitle: cohort.programme_title, hostTimeZone: cohort.host_time_zone, firstDay: cohort.first_day, lastDay: cohort.last_day },
    centreName: settings.centreName,
    domain: settings.domain,
    messageId: notification.message_id,
    now: deps.now(),
    organizer: settings.organizer,
    joinUrl: (id) => joinUrl(settings, id),
  };

  let mail: OutgoingMail;
  switch (notification.kind) {
    case 'invitation': {
      const sessions = await repo.listCohortSessions(db, cohort.id, { includeCancelled: false });
      const link = await issueMagicLink(db, recipient.id, { now: deps.now(), ttlMinutes: settings.invitationLinkTtlMinutes });
      mail = composeInvitation(context, sessions.map(toSessionInfo), {
        signInUrl: signInUrl(settings, link.token),
        signInExpires: link.expiresAt,
        calendarFeedUrl: calendarFeedUrl(settings, recipient.id, recipient.calendar_feed_version),
      });
      break;
    }
    case 'update': {
      if (!session || session.status === 'cancelled') return skip('the session was cancelled after it moved');
      if (session.sequence !== notification.sequence) return skip('a newer change of the session supersedes this update');
      const details = notification.details as { added?: boolean; previousStartsAt: string; previousEndsAt: string };
      if (details.added) {
        mail = composeAdded(context, toSessionInfo(session));
        break;
      }
      mail = composeUpdate(context, toSessionInfo(session), { startsAt: new Date(details.previousStartsAt), endsAt: new Date(details.previousEndsAt) });
      break;
    }
    case 'cancellation': {
      if (!session) return skip('the session no longer exists');
      mail = composeCancellation(context, toSessionInfo(session));
      break;
    }
    case 'reminder': {
      if (!session || session.status === 'cancelled') return skip('the session was cancelled');
      if (session.sequence !== notification.sequence) return skip('the session moved; its new reminders replace this one');
      if (deps.now() >= session.starts_at) return skip('the session has already started');
      mail = composeReminder(context, toSessionInfo(session), Number((notification.details as { offsetMinutes: number }).offsetMinutes));
      break;
    }
    case 'sign_in_link': {
      // The link is made when the mail goes out, so a delayed delivery still carries a fresh one.
      const link = await issueMagicLink(db, recipient.id, { now: deps.now(), ttlMinutes: settings.invitationLinkTtlMinutes });
      mail = composeSignInLink(context, { url: signInUrl(settings, link.token), expires: link.expiresAt });
      break;
    }
    case 'certificate_issued': {
      const { number } = notification.details as { number: string };
      const certificate = await db.selectFrom('certificates').select(['revoked_at', 'replaced_by']).where('number', '=', number).executeTakeFirst();
      if (!certificate || certificate.revoked_at || certificate.replaced_by) return skip('the certificate was revoked or replaced before the mail went out');
      const link = await issueMagicLink(db, recipient.id, { now: deps.now(), ttlMinutes: settings.invitationLinkTtlMinutes });
      mail = composeCertificateIssued(context, { number, verifyUrl: new URL(`/verify/${number}`, settings.publicBaseUrl).toString() }, { url: signInUrl(settings, link.token), expires: link.expiresAt });
      break;
    }
    case 'at_risk': {
      mail = composeAtRisk(context, notification.details as unknown as AtRiskFacts);
      break;
    }
    default:
      return skip(`no mail is defined yet for ${notification.kind}`);
  }

  try {
    await deps.mailer.send(mail);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await repo.markNotification(db, notification.id, { state: attempt.isFinal ? 'failed' : 'pending', now: deps.now(), error: message });
    throw error;
  }
  await repo.markNotification(db, notification.id, { state: 'sent', now: deps.now() });
  return result('sent');
}
