import ICAL from 'ical.js';
import type { TestContext } from './context.ts';
import { createCohort, createPerson, createProgramme, createSession, enrol } from './factories.ts';

/** A small cohort of the centre: officials of Mexico City, Cairo and Montreal, two Seoul-morning lectures. */
export async function createInvitableCohort(ctx: TestContext) {
  const db = ctx.deps.db;
  const programme = await createProgramme(db, 'Smart City Training Program (Online)');
  const cohort = await createCohort(db, programme.id, { title: 'Smart City 2026', firstDay: '2026-07-13', lastDay: '2026-08-07' });
  const mexico = await createPerson(db, { nameLatin: 'José Luis Hernández', city: 'Mexico City', country: 'MX', timeZone: 'America/Mexico_City', locale: 'es-MX' });
  const cairo = await createPerson(db, { nameLatin: 'Mona Abdel-Rahman', nameNative: 'منى عبد الرحمن', city: 'Cairo', country: 'EG', timeZone: 'Africa/Cairo', locale: 'ar' });
  const montreal = await createPerson(db, { nameLatin: 'Émilie Tremblay', city: 'Montreal', country: 'CA', timeZone: 'America/Toronto', locale: 'fr-CA' });
  for (const person of [mexico, cairo, montreal]) await enrol(db, cohort.id, person.id);
  const first = await createSession(db, cohort.id, { title: 'Seoul bus reform', localStart: '2026-07-14T09:00' });
  const second = await createSession(db, cohort.id, { title: 'Smart city platforms', localStart: '2026-07-16T09:00' });
  return { programme, cohort, people: { mexico, cairo, montreal }, sessions: [first, second] };
}

export interface ParsedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  status: string | undefined;
  url: string | undefined;
  attendees: string[];
}

/** Parses iCalendar text back with a real parser (ical.js): method and events with their instants. */
export function parseIcs(text: string): { method: string | undefined; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      sequence: event.sequence,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      status: component.getFirstPropertyValue('status')?.toString(),
      url: component.getFirstPropertyValue('url')?.toString(),
      attendees: event.attendees.map((a) => String(a.getFirstValue()).replace(/^mailto:/i, "mailto:")),
    };
  });
  return { method: calendar.getFirstPropertyValue('method')?.toString(), events };
}
