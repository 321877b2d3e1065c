import ical, { ICalCalendarMethod, ICalEventStatus, ICalAttendeeRole, ICalAttendeeStatus } from 'ical-generator';

export interface IcsSession {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  cancelled: boolean;
  joinUrl: string;
}

export interface IcsOptions {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  calendarName: string;
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string };
  domain: string;
  /** DTSTAMP: when this calendar object was made (the injected clock's now). */
  stamp: Date;
}

/** A UID stable for the life of a session, so every update replaces the same calendar entry. */
export const sessionUid = (sessionId: string, domain: string) => `session-${sessionId}@${domain}`;

/**
 * RFC 5545 calendar for a person's sessions. Times are written in UTC: every calendar client converts
 * them to its own zone, and no VTIMEZONE can then disagree with the instants we derived.
 */
export function renderIcs(sessions: IcsSession[], options: IcsOptions): string {
  const calendar = ical({
    name: options.calendarName,
    prodId: { company: 'livecohort', product: 'livecohort', language: 'EN' },
    method: ICalCalendarMethod[options.method],
  });
  for (const session of sessions) {
    calendar.createEvent({
      id: sessionUid(session.id, options.domain),
      sequence: session.sequence,
      start: session.startsAt,
      end: session.endsAt,
      timezone: null,
      summary: session.title,
      description: session.description,
      url: session.joinUrl,
      status: session.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: options.organizer,
      attendees: options.attendee
        ? [{ ...options.attendee, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION, rsvp: false }]
        : [],
      stamp: options.stamp,
    });
  }
  return calendar.toString();
}
