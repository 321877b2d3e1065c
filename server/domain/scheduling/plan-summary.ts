import { Temporal } from 'temporal-polyfill';
import { hhmmOf, minutesOf, type EvaluatedSession, type PlannerCity } from './planner.ts';

export interface CitySummary {
  city: string;
  country: string;
  timeZone: string;
  participants: number;
  /** Sessions at which more than half of the city's people are outside their preferred hours. */
  sessionsOutsideHours: number;
  sessionsOutsideHoursShare: number;
  /** Person-sessions on the local weekend, and on a local public holiday. */
  weekendHits: number;
  holidayHits: number;
  holidays: string[];
  /** The local start times, from the earliest to the latest (read round midnight when that is shorter). */
  localTimeRange: { from: string; to: string };
  typicalLocalTime: string;
  /** Local date minus host date, in days: -1 when the city meets on the previous local day. */
  localDayShifts: number[];
}

/** The shortest stretch of the 24-hour clock that holds every time: 23:00 and 01:00 read 23:00–01:00. */
export function clockRange(times: readonly string[]): { from: string; to: string } {
  const minutes = [...new Set(times.map(minutesOf))].sort((a, b) => a - b);
  let widestGap = 1440 - minutes.at(-1)! + minutes[0]!;
  let from = minutes[0]!;
  let to = minutes.at(-1)!;
  for (let i = 1; i < minutes.length; i++) {
    const gap = minutes[i]! - minutes[i - 1]!;
    if (gap > widestGap) [widestGap, from, to] = [gap, minutes[i]!, minutes[i - 1]!];
  }
  return { from: hhmmOf(from), to: hhmmOf(to) };
}

function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

const dayShift = (hostDate: string, localDate: string) => (hostDate === localDate ? 0 : Temporal.PlainDate.from(hostDate).until(Temporal.PlainDate.from(localDate)).days);

/** Each city over a run of sessions (a candidate's, or a rotation's mix of start times). */
export function summariseCities(cities: readonly PlannerCity[], sessions: readonly EvaluatedSession[]): CitySummary[] {
  return cities.map((city, index) => {
    const here = sessions.flatMap((session) => city.members.map((member) => ({ session, person: session.people[member]! })));
    const outside = sessions.filter((session) => session.cityOutside[index] === 1).length;
    const times = here.map((h) => h.person.localTime);
    return {
      city: city.name,
      country: city.country,
      timeZone: city.timeZone,
      participants: city.members.length,
      sessionsOutsideHours: outside,
      sessionsOutsideHoursShare: sessions.length ? outside / sessions.length : 0,
      weekendHits: here.filter((h) => h.person.onWeekend).length,
      holidayHits: here.filter((h) => h.person.onHoliday).length,
      holidays: [...new Set(here.filter((h) => h.person.onHoliday).map((h) => `${h.person.onHoliday} (${h.person.localDate})`))],
      localTimeRange: clockRange(times),
      typicalLocalTime: mostFrequent(times),
      localDayShifts: [...new Set(sessions.map((s) => dayShift(s.hostDate, s.people[city.members[0]!]!.localDate)))].sort((a, b) => a - b),
    };
  });
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const range = (r: { from: string; to: string }) => (r.from === r.to ? r.from : `${r.from}–${r.to}`);

/** Plain-language warnings; they inform and never block. */
export function warningsFor(summaries: readonly CitySummary[], sessions: readonly EvaluatedSession[], hostTimeZone: string): string[] {
  const warnings = summaries.flatMap((c) => [
    ...(c.sessionsOutsideHours ? [`${c.city}: ${c.sessionsOutsideHours} of ${sessions.length} sessions (${percent(c.sessionsOutsideHoursShare)}) outside preferred hours, at ${range(c.localTimeRange)} local`] : []),
    ...(c.weekendHits ? [`${c.city}: ${c.weekendHits} person-session(s) on the local weekend`] : []),
    ...(c.holidayHits ? [`${c.city}: ${c.holidayHits} person-session(s) on a public holiday: ${c.holidays.join(', ')}`] : []),
    ...(c.localDayShifts.some((d) => d < 0) ? [`${c.city}: meets on the previous local day for ${c.localDayShifts.every((d) => d < 0) ? 'every' : 'some'} session`] : []),
    ...(c.localDayShifts.some((d) => d > 0) ? [`${c.city}: meets on the next local day for ${c.localDayShifts.every((d) => d > 0) ? 'every' : 'some'} session`] : []),
  ]);
  for (const session of sessions.filter((s) => s.ambiguous)) {
    warnings.push(`${session.hostLocalStart} happens twice in ${hostTimeZone} (clocks go back): the earlier instant, ${session.startsAt.toISOString()}, is used`);
  }
  return warnings;
}
