import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound, ruleViolated } from '../../errors.ts';
import { deriveInstants } from '../../time/instants.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import { findCohort } from '../cohorts/cohorts.repository.ts';
import { createSession, type SessionChange } from '../sessions/sessions.service.ts';
import { planCandidates, type PlannerPerson } from './planner.ts';
import { chooseRotationSlots, planRotation } from './rotation.ts';
import type { ApplyPlanInput, PlannerInput } from './planner.schemas.ts';

async function listPlannedPeople(db: Kysely<Database>, cohortId: string): Promise<PlannerPerson[]> {
  const rows = await db
    .selectFrom('enrolments')
    .innerJoin('people', 'people.id', 'enrolments.person_id')
    .select(['people.id', 'people.name_latin', 'people.city', 'people.country', 'people.time_zone', 'enrolments.preferred_start', 'enrolments.preferred_end', 'enrolments.weekend_days'])
    .where('enrolments.cohort_id', '=', cohortId)
    .where('enrolments.status', 'in', ['invited', 'confirmed'])
    .where('enrolments.role', 'in', ['participant', 'lecturer', 'interpreter'])
    .orderBy('people.name_latin')
    .execute();
  return rows.map((r) => ({
    personId: r.id,
    name: r.name_latin,
    city: r.city ?? '',
    country: r.country,
    timeZone: r.time_zone,
    preferredStart: r.preferred_start.slice(0, 5),
    preferredEnd: r.preferred_end.slice(0, 5),
    weekendDays: r.weekend_days,
  }));
}

/** Ranked start times for everyone enrolled, and a fair rotation when no single time suits all. */
export async function planSessions(db: Kysely<Database>, actor: Actor, cohortId: string, input: PlannerInput) {
  assertStaff(actor);
  const cohort = await findCohort(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  const from = input.from ?? cohort.first_day;
  const until = input.until ?? cohort.last_day;
  if (from < cohort.first_day || until > cohort.last_day || until < from) {
    throw ruleViolated(`The planning period must lie within the cohort (${cohort.first_day} – ${cohort.last_day})`, [{ field: from < cohort.first_day ? 'from' : 'until', message: 'outside the cohort' }]);
  }
  if (input.hostAvailableHours.end <= input.hostAvailableHours.start) {
    throw ruleViolated('The host’s hours end before they start', [{ field: 'hostAvailableHours.end', message: 'not after start' }]);
  }
  const people = await listPlannedPeople(db, cohortId);
  const candidates = planCandidates(people, {
    hostTimeZone: cohort.host_time_zone,
    durationMinutes: input.durationMinutes,
    from,
    until,
    weekdays: input.weekdays,
    sessionsPerWeek: input.sessionsPerWeek,
    hostAvailableHours: input.hostAvailableHours,
    stepMinutes: input.stepMinutes,
    skipDates: input.skipDates,
    limit: input.limit,
  });
  const best = candidates[0]!;
  const everyoneSuited = best.cities.every((c) => c.sessionsOutsideHoursShare === 0);
  const sameDays = candidates.filter((c) => c.weekdays.join() === best.weekdays.join());
  const rotation = !everyoneSuited && sameDays.length > 1 ? planRotation(chooseRotationSlots(sameDays, input.rotationSlots)) : null;
  return { hostTimeZone: cohort.host_time_zone, participants: people.length, candidates: candidates.slice(0, input.limit), rotation };
}

/**
 * Creates the chosen sessions in one transaction. Warnings never block; a lecturer already teaching
 * another session of the centre at an overlapping time does.
 */
export async function applyPlan(db: Kysely<Database>, actor: Actor, cohortId: string, input: ApplyPlanInput) {
  assertStaff(actor);
  const cohort = await findCohort(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  const conflicts: { field: string; message: string }[] = [];
  const cohortLecturers = (await db.selectFrom('enrolments').select('person_id').where('cohort_id', '=', cohortId).where('role', '=', 'lecturer').where('status', '!=', 'withdrawn').execute()).map((r) => r.person_id);
  for (const [index, session] of input.sessions.entries()) {
    const zone = session.timeZone ?? cohort.host_time_zone;
    const instants = deriveInstants(session.localStart, zone, session.durationMinutes, `sessions.${index}.localStart`);
    const lecturers = session.lecturerPersonIds ?? cohortLecturers;
    if (lecturers.length === 0) continue;
    const busy = await db
      .selectFrom('sessions')
      .innerJoin('enrolments', 'enrolments.cohort_id', 'sessions.cohort_id')
      .innerJoin('people', 'people.id', 'enrolments.person_id')
      .select(['people.name_latin', 'sessions.title', 'sessions.starts_at'])
      .where('enrolments.person_id', 'in', lecturers)
      .where('enrolments.role', '=', 'lecturer')
      .where('enrolments.status', '!=', 'withdrawn')
      .where('sessions.cohort_id', '!=', cohortId)
      .where('sessions.status', '!=', 'cancelled')
      .where('sessions.starts_at', '<', instants.endsAt)
      .where('sessions.ends_at', '>', instants.startsAt)
      .execute();
    for (const clash of busy) {
      conflicts.push({ field: `sessions.${index}.localStart`, message: `${clash.name_latin} already teaches "${clash.title}" at ${clash.starts_at.toISOString()}` });
    }
  }
  if (conflicts.length) throw new AppError('conflict', `${conflicts.length} lecturer conflict(s); nothing was created`, { fields: conflicts });
  const created = [];
  const changes: SessionChange[] = [];
  for (const session of input.sessions) {
    const result = await createSession(db, actor, cohortId, { ...session, speakers: session.speakers, qaPremoderation: false });
    created.push(result.view);
    changes.push(...result.changes);
  }
  return { sessions: created, changes };
}
