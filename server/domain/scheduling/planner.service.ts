import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { notFound, ruleViolated, type FieldProblem } from '../../errors.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import { countryOfZone, weekendDaysOf } from './local-calendar.ts';
import { planCandidates, type PlannerPerson } from './planner.ts';
import { planRotation, suitsEveryCity } from './rotation.ts';
import { toCandidateView, toRotationView } from './plan-views.ts';
import * as repo from './planner.repository.ts';
import type { PlannerInput, PlanView } from './planner.schemas.ts';

type PlannedPersonRow = Awaited<ReturnType<typeof repo.listPlannedPeople>>[number];

function toPlannerPerson(row: PlannedPersonRow): PlannerPerson {
  return {
    personId: row.id,
    name: row.name_latin,
    role: row.role,
    city: row.city,
    country: row.country,
    timeZone: row.time_zone,
    preferredStart: row.preferred_start.slice(0, 5),
    preferredEnd: row.preferred_end.slice(0, 5),
    weekendDays: row.weekend_days,
  };
}

function checkPeriod(cohort: { first_day: string; last_day: string }, input: PlannerInput): { from: string; until: string } {
  const from = input.from ?? cohort.first_day;
  const until = input.until ?? cohort.last_day;
  const within = `within the cohort, ${cohort.first_day} – ${cohort.last_day}`;
  const problems: FieldProblem[] = [];
  if (from < cohort.first_day || from > cohort.last_day) problems.push({ field: 'from', message: `must lie ${within}` });
  if (until < cohort.first_day || until > cohort.last_day) problems.push({ field: 'until', message: `must lie ${within}` });
  if (problems.length === 0 && until < from) problems.push({ field: 'until', message: `before from (${from})` });
  if (input.hostAvailableHours.end <= input.hostAvailableHours.start) problems.push({ field: 'hostAvailableHours.end', message: `must be after start (${input.hostAvailableHours.start})` });
  if (problems.length) throw ruleViolated(`The planning request does not fit the cohort: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  return { from, until };
}

/**
 * Ranked start times for everyone enrolled, each with every person's local day and time, and a fair
 * rotation when no single time keeps every city inside its hours. Read-only.
 */
export async function planSessions(db: Kysely<Database>, actor: Actor, cohortId: string, input: PlannerInput): Promise<PlanView> {
  assertStaff(actor);
  const cohort = await repo.findCohortForPlanning(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  const { from, until } = checkPeriod(cohort, input);
  const people = (await repo.listPlannedPeople(db, cohortId)).map(toPlannerPerson);
  const hostCountry = countryOfZone(cohort.host_time_zone);
  const plan = planCandidates(people, {
    hostTimeZone: cohort.host_time_zone,
    durationMinutes: input.durationMinutes,
    from,
    until,
    weekdays: input.weekdays,
    sessionsPerWeek: input.sessionsPerWeek,
    hostAvailableHours: input.hostAvailableHours,
    stepMinutes: input.stepMinutes,
    skipDates: input.skipDates,
    hostWeekend: hostCountry ? weekendDaysOf(hostCountry) : [6, 7],
  });
  const rotation = planRotation(plan, input.rotationSlots);
  const notes = [...plan.notes];
  if (!rotation && !plan.candidates.some(suitsEveryCity)) notes.push('No rotation: no other start time meets on the same dates as the best one');
  return {
    cohortId,
    hostTimeZone: cohort.host_time_zone,
    from,
    until,
    durationMinutes: input.durationMinutes,
    participants: people.length,
    candidates: plan.candidates.slice(0, input.limit).map((candidate, index) => toCandidateView(plan, candidate, index + 1, cohort.host_time_zone)),
    rotation: rotation ? toRotationView(plan, rotation) : null,
    notes,
  };
}
