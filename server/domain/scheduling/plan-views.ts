import { summariseCities, warningsFor, type CitySummary } from './plan-summary.ts';
import type { Candidate, EvaluatedSession, Plan } from './planner.ts';
import { CITY_OUTSIDE_DEFINITION, type RotationPlan } from './rotation.ts';
import type { CandidateView, RotationView } from './planner.schemas.ts';

const worstShareOf = (summaries: readonly CitySummary[]) => Math.max(0, ...summaries.map((c) => c.sessionsOutsideHoursShare));

function toSessionTimes(session: EvaluatedSession) {
  return { hostLocalStart: session.hostLocalStart, startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString() };
}

function toPeopleAtSession(plan: Plan, session: EvaluatedSession): CandidateView['sessions'][number]['people'] {
  return plan.people.map((person, index) => {
    const at = session.people[index]!;
    return {
      personId: person.personId,
      name: person.name,
      role: person.role,
      city: person.city ?? person.timeZone,
      country: person.country,
      timeZone: person.timeZone,
      localDate: at.localDate,
      localTime: at.localTime,
      weekday: at.weekday,
      insidePreferredHours: at.minutesOutside === 0,
      minutesOutside: at.minutesOutside,
      onWeekend: at.onWeekend,
      onHoliday: at.onHoliday,
    };
  });
}

export function toCandidateView(plan: Plan, candidate: Candidate, rank: number, hostTimeZone: string): CandidateView {
  const cities = summariseCities(plan.cities, candidate.sessions);
  return {
    rank,
    hostTime: candidate.hostTime,
    weekdays: candidate.weekdays,
    score: candidate.score,
    weekendOrHolidayHits: candidate.weekendOrHolidayHits,
    worstCityShare: worstShareOf(cities),
    sessions: candidate.sessions.map((session) => ({ ...toSessionTimes(session), people: toPeopleAtSession(plan, session) })),
    cities,
    warnings: warningsFor(cities, candidate.sessions, hostTimeZone),
  };
}

export function toRotationView(plan: Plan, rotation: RotationPlan): RotationView {
  const sessions = rotation.sessions.map((s) => s.session);
  const cities = summariseCities(plan.cities, sessions);
  const best = plan.candidates[0]!;
  return {
    definition: CITY_OUTSIDE_DEFINITION,
    method: rotation.method,
    searchSpace: rotation.searchSpace,
    slots: rotation.slots.map((slot) => ({ hostTime: slot.hostTime, rank: plan.candidates.indexOf(slot) + 1 })),
    sessions: rotation.sessions.map(({ slot, session }) => ({
      ...toSessionTimes(session),
      hostTime: rotation.slots[slot]!.hostTime,
      minutesOutside: session.minutesOutside,
      citiesOutside: plan.cities.filter((_, index) => session.cityOutside[index] === 1).map((city) => city.name),
    })),
    cities,
    worstCityShare: worstShareOf(cities),
    personMinutesOutside: rotation.personMinutesOutside,
    bestCandidate: { hostTime: best.hostTime, worstCityShare: worstShareOf(summariseCities(plan.cities, best.sessions)), personMinutesOutside: best.score },
  };
}
