import { Temporal } from 'temporal-polyfill';
import { AppError, ruleViolated } from '../../errors.ts';
import { deriveInstants, viewInZone } from '../../time/instants.ts';
import { publicHolidayOn, weekendDaysOf } from './local-calendar.ts';
import { chooseWeekdays } from './weekday-choice.ts';

export interface PlannerPerson {
  personId: string;
  name: string;
  role: string;
  city: string | null;
  country: string;
  timeZone: string;
  /** 'HH:MM' on the person's own wall clock. */
  preferredStart: string;
  preferredEnd: string;
  /** ISO weekdays; null: the country's weekend. */
  weekendDays: readonly number[] | null;
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
  /** The host's own weekend, avoided when the planner picks the weekdays itself. */
  hostWeekend: readonly number[];
}

/** People grouped by where they sit: city, country and zone. */
export interface PlannerCity {
  name: string;
  country: string;
  timeZone: string;
  members: number[];
}

export interface PersonAtSession {
  localDate: string;
  localTime: string;
  weekday: number;
  minutesOutside: number;
  onWeekend: boolean;
  onHoliday: string | null;
}

export interface EvaluatedSession {
  hostDate: string;
  hostLocalStart: string;
  startsAt: Date;
  endsAt: Date;
  /** The host wall-clock time happened twice (fall-back hour); the earlier instant is used. */
  ambiguous: boolean;
  /** Indexed like the plan's people. */
  people: PersonAtSession[];
  minutesOutside: number;
  weekendOrHolidayHits: number;
  /** Per city (indexed like the plan's cities): 1 when more than half of its people are outside their hours. */
  cityOutside: Uint8Array;
}

export interface Candidate {
  hostTime: string;
  weekdays: number[];
  sessions: EvaluatedSession[];
  /** Person-minutes outside preferred hours over all sessions. */
  score: number;
  weekendOrHolidayHits: number;
}

export interface Plan {
  people: PlannerPerson[];
  cities: PlannerCity[];
  /** Best first. */
  candidates: Candidate[];
  notes: string[];
}

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmmOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minutes of [start, start + duration) outside the daily window [from, to), on the local wall clock (the session may cross midnight). */
export function minutesOutsideWindow(localStart: number, duration: number, from: number, to: number): number {
  let inside = 0;
  for (const day of [-1440, 0, 1440]) inside += Math.max(0, Math.min(localStart + duration, to + day) - Math.max(localStart, from + day));
  return duration - inside;
}

export function groupCities(people: PlannerPerson[]): PlannerCity[] {
  const byKey = new Map<string, PlannerCity>();
  people.forEach((person, index) => {
    const name = person.city ?? person.timeZone;
    const key = `${name}|${person.country}|${person.timeZone}`;
    const city = byKey.get(key) ?? { name, country: person.country, timeZone: person.timeZone, members: [] };
    city.members.push(index);
    byKey.set(key, city);
  });
  return [...byKey.values()];
}

interface Person extends PlannerPerson {
  window: [number, number];
  weekend: readonly number[];
}

function evaluatePerson(person: Person, startsAt: Date, durationMinutes: number): PersonAtSession {
  const view = viewInZone(startsAt, person.timeZone);
  return {
    localDate: view.date,
    localTime: view.time,
    weekday: view.weekday,
    minutesOutside: minutesOutsideWindow(minutesOf(view.time), durationMinutes, person.window[0], person.window[1]),
    onWeekend: person.weekend.includes(view.weekday),
    onHoliday: publicHolidayOn(person.country, view.date) ?? null,
  };
}

/** One session at a host date and time, for everyone; a string when the time does not exist that day. */
function evaluateSession(people: Person[], cities: PlannerCity[], request: PlannerRequest, hostDate: string, hostTime: string): EvaluatedSession | string {
  const hostLocalStart = `${hostDate}T${hostTime}`;
  let derived;
  try {
    derived = deriveInstants(hostLocalStart, request.hostTimeZone, request.durationMinutes);
  } catch (error) {
    if (error instanceof AppError && error.code === 'rule_violated') return `${hostTime} is not offered: it does not exist in ${request.hostTimeZone} on ${hostDate} (the clocks skip it)`;
    throw error;
  }
  const evaluated = people.map((person) => evaluatePerson(person, derived.startsAt, request.durationMinutes));
  const cityOutside = new Uint8Array(cities.length);
  cities.forEach((city, index) => {
    const outside = city.members.filter((member) => evaluated[member]!.minutesOutside > 0).length;
    cityOutside[index] = outside * 2 > city.members.length ? 1 : 0;
  });
  return {
    hostDate,
    hostLocalStart,
    startsAt: derived.startsAt,
    endsAt: derived.endsAt,
    ambiguous: derived.ambiguity !== undefined,
    people: evaluated,
    minutesOutside: evaluated.reduce((sum, p) => sum + p.minutesOutside, 0),
    weekendOrHolidayHits: evaluated.filter((p) => p.onWeekend || p.onHoliday).length,
    cityOutside,
  };
}

/** The host dates from `from` to `until` (inclusive) minus the skipped ones. */
export function periodDates(from: string, until: string, skip: readonly string[]): { date: string; weekday: number }[] {
  const skipped = new Set(skip);
  const dates = [];
  const last = Temporal.PlainDate.from(until);
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    if (!skipped.has(day.toString())) dates.push({ date: day.toString(), weekday: day.dayOfWeek });
  }
  return dates;
}

export function hostStartTimes(hours: { start: string; end: string }, durationMinutes: number, stepMinutes: number): string[] {
  const times = [];
  for (let start = minutesOf(hours.start); start + durationMinutes <= minutesOf(hours.end); start += stepMinutes) times.push(hhmmOf(start));
  return times;
}

export const compareCandidates = (a: Candidate, b: Candidate) =>
  a.score - b.score || a.weekendOrHolidayHits - b.weekendOrHolidayHits || a.hostTime.localeCompare(b.hostTime) || a.weekdays.join().localeCompare(b.weekdays.join());

function candidateOf(hostTime: string, weekdays: number[], sessions: EvaluatedSession[]): Candidate {
  return {
    hostTime,
    weekdays,
    sessions,
    score: sessions.reduce((sum, s) => sum + s.minutesOutside, 0),
    weekendOrHolidayHits: sessions.reduce((sum, s) => sum + s.weekendOrHolidayHits, 0),
  };
}

/** Every start time the host can offer, each scored for everyone enrolled; the best first. */
export function planCandidates(plannerPeople: PlannerPerson[], request: PlannerRequest): Plan {
  if (plannerPeople.length === 0) throw ruleViolated('Nobody is enrolled in this cohort yet: there is nobody to plan for', [{ field: 'id', message: 'the cohort has no enrolments' }]);
  const times = hostStartTimes(request.hostAvailableHours, request.durationMinutes, request.stepMinutes);
  if (times.length === 0) {
    throw ruleViolated(`A ${request.durationMinutes}-minute session does not fit between ${request.hostAvailableHours.start} and ${request.hostAvailableHours.end}`, [{ field: 'hostAvailableHours', message: 'shorter than the session' }]);
  }
  const people: Person[] = plannerPeople.map((p) => ({ ...p, window: [minutesOf(p.preferredStart), minutesOf(p.preferredEnd)], weekend: p.weekendDays ?? weekendDaysOf(p.country) }));
  const cities = groupCities(plannerPeople);
  const dates = periodDates(request.from, request.until, request.skipDates).filter((d) => !request.weekdays || request.weekdays.includes(d.weekday));
  if (dates.length === 0) {
    throw ruleViolated(`No session date: ${request.weekdays ? 'none of the weekdays falls' : 'no day is left'} between ${request.from} and ${request.until}`, [{ field: request.weekdays ? 'weekdays' : 'skipDates', message: 'no date left in the period' }]);
  }
  const notes = new Set<string>();
  const candidates: Candidate[] = [];
  for (const hostTime of times) {
    const byDate = new Map<string, EvaluatedSession>();
    for (const { date } of dates) {
      const session = evaluateSession(people, cities, request, date, hostTime);
      if (typeof session === 'string') notes.add(session);
      else byDate.set(date, session);
    }
    const weekdays = request.weekdays
      ? [...request.weekdays].sort((a, b) => a - b)
      : chooseWeekdays(dates, byDate, request.sessionsPerWeek ?? 1, request.hostWeekend);
    const chosen = dates.filter((d) => weekdays.includes(d.weekday));
    if (weekdays.length === 0 || chosen.some((d) => !byDate.has(d.date))) continue;
    candidates.push(candidateOf(hostTime, weekdays, chosen.map((d) => byDate.get(d.date)!)));
  }
  if (candidates.length === 0) throw ruleViolated('No start time exists on every session date', [{ field: 'hostAvailableHours', message: [...notes].join('; ') }]);
  return { people: plannerPeople, cities, candidates: candidates.sort(compareCandidates), notes: [...notes] };
}
