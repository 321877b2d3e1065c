import { Temporal } from 'temporal-polyfill';
import { AppError } from '../../errors.ts';
import { deriveInstants, viewInZone } from '../../time/instants.ts';
import { publicHolidayOn, weekendDaysOf } from './local-calendar.ts';

export interface PlannerPerson {
  personId: string;
  name: string;
  city: string;
  country: string;
  timeZone: string;
  /** 'HH:MM' local. */
  preferredStart: string;
  preferredEnd: string;
  weekendDays: number[] | null;
}

export interface PlannerRequest {
  hostTimeZone: string;
  durationMinutes: number;
  from: string;
  until: string;
  weekdays?: number[] | undefined;
  sessionsPerWeek?: number | undefined;
  hostAvailableHours: { start: string; end: string };
  stepMinutes: number;
  skipDates: string[];
  limit: number;
}

export interface PersonAtSession {
  personId: string;
  name: string;
  city: string;
  localDate: string;
  localTime: string;
  weekday: number;
  insidePreferredHours: boolean;
  minutesOutside: number;
  onWeekend: boolean;
  onHoliday: string | null;
}

export interface EvaluatedSession {
  hostLocalStart: string;
  startsAt: string;
  people: PersonAtSession[];
}

export interface CitySummary {
  city: string;
  country: string;
  timeZone: string;
  participants: number;
  /** Share of the sessions at which most of the city's participants are outside their hours. */
  sessionsOutsideHoursShare: number;
  weekendHits: number;
  holidayHits: number;
  localTimes: string[];
}

export interface Candidate {
  hostTime: string;
  weekdays: number[];
  score: number;
  weekendOrHolidayHits: number;
  sessions: EvaluatedSession[];
  cities: CitySummary[];
  warnings: string[];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minutes of [start, start + duration) outside the daily window [from, to), on the local wall clock. */
export function minutesOutsideWindow(localStart: number, duration: number, from: number, to: number): number {
  let inside = 0;
  for (const day of [-1440, 0, 1440]) {
    inside += Math.max(0, Math.min(localStart + duration, to + day) - Math.max(localStart, from + day));
  }
  return duration - inside;
}

export const cityKey = (person: Pick<PlannerPerson, 'city' | 'timeZone'>) => person.city || person.timeZone;

export function evaluatePerson(person: PlannerPerson, startsAt: Date, durationMinutes: number): PersonAtSession {
  const view = viewInZone(startsAt, person.timeZone);
  const outside = minutesOutsideWindow(minutesOf(view.time), durationMinutes, minutesOf(person.preferredStart), minutesOf(person.preferredEnd));
  const weekend = person.weekendDays ?? weekendDaysOf(person.country);
  return {
    personId: person.personId,
    name: person.name,
    city: cityKey(person),
    localDate: view.date,
    localTime: view.time,
    weekday: view.weekday,
    insidePreferredHours: outside === 0,
    minutesOutside: outside,
    onWeekend: weekend.includes(view.weekday),
    onHoliday: publicHolidayOn(person.country, view.date) ?? null,
  };
}

/** The host-local dates between from and until (inclusive) on the given weekdays, minus skipped ones. */
export function datesOn(weekdays: number[], from: string, until: string, skip: string[]): string[] {
  const dates: string[] = [];
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, Temporal.PlainDate.from(until)) <= 0; day = day.add({ days: 1 })) {
    if (weekdays.includes(day.dayOfWeek) && !skip.includes(day.toString())) dates.push(day.toString());
  }
  return dates;
}

export function evaluateSessions(people: PlannerPerson[], hostTimeZone: string, dates: string[], hostTime: string, durationMinutes: number): EvaluatedSession[] | undefined {
  const sessions: EvaluatedSession[] = [];
  for (const date of dates) {
    let startsAt: Date;
    try {
      startsAt = deriveInstants(`${date}T${hostTime}`, hostTimeZone, durationMinutes).startsAt;
    } catch {
      return undefined; // the time does not exist on one of the dates (a DST gap): not a candidate
    }
    sessions.push({ hostLocalStart: `${date}T${hostTime}`, startsAt: startsAt.toISOString(), people: people.map((p) => evaluatePerson(p, startsAt, durationMinutes)) });
  }
  return sessions;
}

export function summariseCities(people: PlannerPerson[], sessions: EvaluatedSession[]): CitySummary[] {
  const byCity = new Map<string, PlannerPerson[]>();
  for (const person of people) byCity.set(cityKey(person), [...(byCity.get(cityKey(person)) ?? []), person]);
  return [...byCity.entries()].map(([city, members]) => {
    const ids = new Set(members.map((m) => m.personId));
    let outsideSessions = 0;
    let weekendHits = 0;
    let holidayHits = 0;
    const times = new Set<string>();
    for (const session of sessions) {
      const here = session.people.filter((p) => ids.has(p.personId));
      if (here.filter((p) => !p.insidePreferredHours).length * 2 > here.length) outsideSessions += 1;
      weekendHits += here.filter((p) => p.onWeekend).length;
      holidayHits += here.filter((p) => p.onHoliday).length;
      here.forEach((p) => times.add(p.localTime));
    }
    return {
      city,
      country: members[0]!.country,
      timeZone: members[0]!.timeZone,
      participants: members.length,
      sessionsOutsideHoursShare: sessions.length ? outsideSessions / sessions.length : 0,
      weekendHits,
      holidayHits,
      localTimes: [...times].sort(),
    };
  });
}

function describe(people: PlannerPerson[], request: PlannerRequest, hostTime: string, weekdays: number[]): Candidate | undefined {
  const dates = datesOn(weekdays, request.from, request.until, request.skipDates);
  if (dates.length === 0) return undefined;
  const sessions = evaluateSessions(people, request.hostTimeZone, dates, hostTime, request.durationMinutes);
  if (!sessions) return undefined;
  const all = sessions.flatMap((s) => s.people);
  const cities = summariseCities(people, sessions);
  const warnings = cities.flatMap((c) => [
    ...(c.sessionsOutsideHoursShare > 0 ? [`${c.city}: ${Math.round(c.sessionsOutsideHoursShare * 100)}% of sessions outside preferred hours (${c.localTimes.join(', ')} local)`] : []),
    ...(c.weekendHits ? [`${c.city}: ${c.weekendHits} person-session(s) on the local weekend`] : []),
    ...(c.holidayHits ? [`${c.city}: ${c.holidayHits} person-session(s) on a public holiday`] : []),
  ]);
  return {
    hostTime,
    weekdays,
    score: all.reduce((sum, p) => sum + p.minutesOutside, 0),
    weekendOrHolidayHits: all.filter((p) => p.onWeekend || p.onHoliday).length,
    sessions,
    cities,
    warnings,
  };
}

const rank = (a: Candidate, b: Candidate) => a.score - b.score || a.weekendOrHolidayHits - b.weekendOrHolidayHits || a.hostTime.localeCompare(b.hostTime);

/** Every start time the host can offer, scored for everyone; the best first. */
export function planCandidates(people: PlannerPerson[], request: PlannerRequest): Candidate[] {
  if (people.length === 0) throw new AppError('rule_violated', 'The cohort has nobody enrolled to plan for', { fields: [{ field: 'enrolments', message: 'no participants' }] });
  const first = minutesOf(request.hostAvailableHours.start);
  const last = minutesOf(request.hostAvailableHours.end) - request.durationMinutes;
  const candidates: Candidate[] = [];
  for (let start = first; start <= last; start += request.stepMinutes) {
    const hostTime = hhmm(start);
    let weekdays = request.weekdays;
    if (!weekdays) {
      // Choose the host weekdays that suit the cohort best at this time.
      const perDay = [1, 2, 3, 4, 5, 6, 7].map((day) => describe(people, request, hostTime, [day])).filter((c): c is Candidate => !!c);
      weekdays = perDay.sort(rank).slice(0, request.sessionsPerWeek ?? 2).map((c) => c.weekdays[0]!).sort();
    }
    const candidate = describe(people, request, hostTime, weekdays);
    if (candidate) candidates.push(candidate);
  }
  if (candidates.length === 0) {
    throw new AppError('rule_violated', 'No session fits: the host hours are shorter than the session, or no chosen weekday falls in the period', {
      fields: [{ field: 'hostAvailableHours', message: 'no start time fits' }],
    });
  }
  return candidates.sort(rank);
}
