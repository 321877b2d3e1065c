import type { OutgoingMail } from '../../mail/mailer.ts';
import { catalogueFor, escapeHtml, fill } from '../../mail/templates.ts';
import { renderIcs, type IcsSession } from '../../time/ics.ts';
import { formatInstant, formatPlainDate, formatTimeRange } from '../../time/format.ts';

export interface Recipient {
  name: string;
  email: string;
  locale: string;
  timeZone: string;
}

export interface CohortInfo {
  title: string;
  programmeTitle: string;
  hostTimeZone: string;
  firstDay: string;
  lastDay: string;
}

export interface SessionInfo {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  cancelled: boolean;
}

export interface MailContext {
  recipient: Recipient;
  cohort: CohortInfo;
  centreName: string;
  domain: string;
  messageId: string;
  now: Date;
  organizer: { name: string; email: string };
  joinUrl: (sessionId: string) => string;
}

const cityOfZone = (zone: string) => (zone.split('/').pop() ?? zone).replaceAll('_', ' ');

interface Body {
  subject: string;
  paragraphs: string[];
  /** Lines that are links: shown as anchors in HTML. */
  links?: { label: string; url: string }[];
}

function render(context: MailContext, body: Body, ics: { method: 'REQUEST' | 'CANCEL'; sessions: SessionInfo[] } | undefined): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const greeting = fill(texts.common.greeting, { name: context.recipient.name });
  const footer = fill(texts.common.footer, { centre: context.centreName });
  const linkLines = (body.links ?? []).flatMap((link) => [link.label, link.url]);
  const text = [greeting, '', ...body.paragraphs.flatMap((p) => [p, '']), ...linkLines, '', footer].join('\n');
  const html = [
    `<!doctype html><html lang="${escapeHtml(catalogueFor(context.recipient.locale).language)}"><body>`,
    `<p>${escapeHtml(greeting)}</p>`,
    ...body.paragraphs.map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`),
    ...(body.links ?? []).map((link) => `<p>${escapeHtml(link.label)}<br><a href="${escapeHtml(link.url)}">${escapeHtml(link.url)}</a></p>`),
    `<p style="color:#555">${escapeHtml(footer)}</p></body></html>`,
  ].join('\n');
  return {
    to: { name: context.recipient.name, address: context.recipient.email },
    subject: body.subject,
    text,
    html,
    messageId: context.messageId,
    ...(ics && {
      icalEvent: {
        method: ics.method,
        filename: ics.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
        content: renderIcs(ics.sessions.map((s) => toIcsSession(s, context)), {
          method: ics.method,
          calendarName: context.cohort.title,
          organizer: context.organizer,
          attendee: { name: context.recipient.name, email: context.recipient.email },
          domain: context.domain,
          stamp: context.now,
        }),
      },
    }),
  };
}

function toIcsSession(session: SessionInfo, context: MailContext): IcsSession {
  return {
    id: session.id,
    title: session.title,
    description: `${context.cohort.programmeTitle} (${context.cohort.title})\n${context.joinUrl(session.id)}`,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    sequence: session.sequence,
    cancelled: session.cancelled,
    joinUrl: context.joinUrl(session.id),
  };
}

/** "Monday, 13 July 2026, 18:00 GMT-6 · Seoul 09:00 · UTC 00:00": the person's time first, host and UTC beside it. */
export function describeSessionTime(session: Pick<SessionInfo, 'startsAt' | 'endsAt'>, recipient: Recipient, hostTimeZone: string): string {
  const own = formatInstant(session.startsAt, recipient.timeZone, recipient.locale);
  const host = formatTimeRange(session.startsAt, session.endsAt, hostTimeZone, recipient.locale);
  const utc = formatTimeRange(session.startsAt, session.endsAt, 'UTC', recipient.locale);
  return `${own} (${cityOfZone(hostTimeZone)}: ${host}; UTC: ${utc})`;
}

export function composeInvitation(context: MailContext, sessions: SessionInfo[], links: { signInUrl: string; signInExpires: Date; calendarFeedUrl: string }): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const { recipient, cohort } = context;
  const values = {
    programme: cohort.programmeTitle,
    cohort: cohort.title,
    firstDay: formatPlainDate(cohort.firstDay, recipient.locale),
    lastDay: formatPlainDate(cohort.lastDay, recipient.locale),
  };
  const lines = sessions.map((s, i) => `${i + 1}. ${s.title}\n   ${describeSessionTime(s, recipient, cohort.hostTimeZone)}\n   ${texts.common.join}: ${context.joinUrl(s.id)}`);
  return render(
    context,
    {
      subject: fill(texts.invitation.subject, values),
      paragraphs: [fill(texts.invitation.intro, values), lines.join('\n')],
      links: [
        { label: fill(texts.common.signIn, { expires: formatInstant(links.signInExpires, recipient.timeZone, recipient.locale) }), url: links.signInUrl },
        { label: texts.common.calendarFeed, url: links.calendarFeedUrl },
      ],
    },
    { method: 'REQUEST', sessions },
  );
}

export function composeUpdate(context: MailContext, session: SessionInfo, previous: { startsAt: Date; endsAt: Date }): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const oldTime = describeSessionTime(previous, context.recipient, context.cohort.hostTimeZone);
  const newTime = describeSessionTime(session, context.recipient, context.cohort.hostTimeZone);
  const shortNew = formatInstant(session.startsAt, context.recipient.timeZone, context.recipient.locale);
  const values = { session: session.title, cohort: context.cohort.title, oldTime, newTime };
  return render(
    context,
    {
      subject: fill(texts.update.subject, { ...values, newTime: shortNew }),
      paragraphs: [fill(texts.update.intro, values), `${fill(texts.update.was, values)}\n${fill(texts.update.now, values)}`, `${texts.common.join}: ${context.joinUrl(session.id)}`],
    },
    { method: 'REQUEST', sessions: [session] },
  );
}

export function composeAdded(context: MailContext, session: SessionInfo): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const time = formatInstant(session.startsAt, context.recipient.timeZone, context.recipient.locale);
  const values = { session: session.title, cohort: context.cohort.title, time };
  return render(
    context,
    {
      subject: fill(texts.added.subject, values),
      paragraphs: [fill(texts.added.intro, values), `${session.title}\n${describeSessionTime(session, context.recipient, context.cohort.hostTimeZone)}`, `${texts.common.join}: ${context.joinUrl(session.id)}`],
    },
    { method: 'REQUEST', sessions: [session] },
  );
}

export function composeCancellation(context: MailContext, session: SessionInfo): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const oldTime = describeSessionTime(session, context.recipient, context.cohort.hostTimeZone);
  const shortOld = formatInstant(session.startsAt, context.recipient.timeZone, context.recipient.locale);
  const values = { session: session.title, cohort: context.cohort.title, oldTime };
  return render(
    context,
    { subject: fill(texts.cancellation.subject, { ...values, oldTime: shortOld }), paragraphs: [fill(texts.cancellation.intro, values)] },
    { method: 'CANCEL', sessions: [{ ...session, cancelled: true }] },
  );
}

export function composeReminder(context: MailContext, session: SessionInfo, offsetMinutes: number): OutgoingMail {
  const { texts, language } = catalogueFor(context.recipient.locale);
  const when = new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(
    offsetMinutes >= 120 ? Math.round(offsetMinutes / 60) : offsetMinutes,
    offsetMinutes >= 120 ? 'hour' : 'minute',
  );
  const time = describeSessionTime(session, context.recipient, context.cohort.hostTimeZone);
  const values = { session: session.title, cohort: context.cohort.title, when, time };
  return render(
    context,
    { subject: fill(texts.reminder.subject, values), paragraphs: [fill(texts.reminder.intro, values)], links: [{ label: texts.common.join, url: context.joinUrl(session.id) }] },
    undefined,
  );
}

export function composeSignInLink(context: MailContext, link: { url: string; expires: Date }): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const values = { programme: context.cohort.programmeTitle, cohort: context.cohort.title };
  return render(
    context,
    {
      subject: fill(texts.signInLink.subject, values),
      paragraphs: [fill(texts.signInLink.intro, values)],
      links: [{ label: fill(texts.common.signIn, { expires: formatInstant(link.expires, context.recipient.timeZone, context.recipient.locale) }), url: link.url }],
    },
    undefined,
  );
}

export interface AtRiskFacts {
  attendedMinutes: number;
  scheduledMinutes: number;
  needs: { sessions: number; minutes: number };
  /** Titles and local times of required sessions still ahead or missed. */
  requiredSessions: string[];
}

export function composeAtRisk(context: MailContext, facts: AtRiskFacts): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const values = {
    programme: context.cohort.programmeTitle,
    cohort: context.cohort.title,
    attended: String(Math.round(facts.attendedMinutes)),
    scheduled: String(facts.scheduledMinutes),
    sessions: String(facts.needs.sessions),
    minutes: String(facts.needs.minutes),
  };
  const paragraphs = [fill(texts.atRisk.intro, values), fill(texts.atRisk.needs, values)];
  if (facts.requiredSessions.length) paragraphs.push(fill(texts.atRisk.required, { sessions: facts.requiredSessions.join('; ') }));
  paragraphs.push(texts.atRisk.help);
  return render(context, { subject: fill(texts.atRisk.subject, values), paragraphs }, undefined);
}

export function composeCertificateIssued(context: MailContext, certificate: { number: string; verifyUrl: string }, link: { url: string; expires: Date }): OutgoingMail {
  const { texts } = catalogueFor(context.recipient.locale);
  const values = { programme: context.cohort.programmeTitle, cohort: context.cohort.title, number: certificate.number };
  return render(
    context,
    {
      subject: fill(texts.certificateIssued.subject, values),
      paragraphs: [fill(texts.certificateIssued.intro, values)],
      links: [
        { label: texts.certificateIssued.download, url: link.url },
        { label: texts.certificateIssued.verify, url: certificate.verifyUrl },
      ],
    },
    undefined,
  );
}
