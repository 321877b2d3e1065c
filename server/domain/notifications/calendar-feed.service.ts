import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { renderIcs } from '../../time/ics.ts';
import { calendarFeedUrl, isValidFeedToken, joinUrl, type LinkSettings } from './links.ts';

export async function getCalendarFeedUrl(db: Kysely<Database>, settings: LinkSettings, personId: string): Promise<string> {
  const person = await db.selectFrom('people').select('calendar_feed_version').where('id', '=', personId).executeTakeFirst();
  if (!person) throw notFound('Person');
  return calendarFeedUrl(settings, personId, person.calendar_feed_version);
}

/** A new private URL; every earlier one stops working at once. */
export async function rotateCalendarFeed(db: Kysely<Database>, settings: LinkSettings, personId: string): Promise<string> {
  const person = await db
    .updateTable('people')
    .set((eb) => ({ calendar_feed_version: eb('calendar_feed_version', '+', 1) }))
    .where('id', '=', personId)
    .returning('calendar_feed_version')
    .executeTakeFirst();
  if (!person) throw notFound('Person');
  return calendarFeedUrl(settings, personId, person.calendar_feed_version);
}

/** The person's current schedule as iCalendar; cancelled sessions stay in it as CANCELLED so calendars drop them. */
export async function renderCalendarFeed(
  db: Kysely<Database>,
  settings: LinkSettings & { domain: string; organizer: { name: string; email: string } },
  personId: string,
  token: string,
  now: Date,
): Promise<string> {
  const person = await db.selectFrom('people').select(['id', 'calendar_feed_version', 'name_latin']).where('id', '=', personId).executeTakeFirst();
  // A wrong token and an unknown person answer the same.
  if (!person || !isValidFeedToken(settings, personId, person.calendar_feed_version, token)) throw notFound('Calendar');
  const sessions = await db
    .selectFrom('sessions')
    .innerJoin('enrolments', 'enrolments.cohort_id', 'sessions.cohort_id')
    .innerJoin('cohorts', 'cohorts.id', 'sessions.cohort_id')
    .select(['sessions.id', 'sessions.title', 'sessions.starts_at', 'sessions.ends_at', 'sessions.sequence', 'sessions.status', 'cohorts.title as cohort_title'])
    .where('enrolments.person_id', '=', personId)
    .where('enrolments.status', 'in', ['invited', 'confirmed'])
    .orderBy('sessions.starts_at')
    .execute();
  return renderIcs(
    sessions.map((s) => ({
      id: s.id,
      title: s.title,
      description: `${s.cohort_title}\n${joinUrl(settings, s.id)}`,
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      sequence: s.sequence,
      cancelled: s.status === 'cancelled',
      joinUrl: joinUrl(settings, s.id),
    })),
    { method: 'PUBLISH', calendarName: `livecohort: ${person.name_latin}`, organizer: settings.organizer, domain: settings.domain, stamp: now },
  );
}
