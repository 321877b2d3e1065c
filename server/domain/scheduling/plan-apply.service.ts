import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound, ruleViolated, type FieldProblem } from '../../errors.ts';
import { deriveInstants, viewInZone, type DerivedInstant } from '../../time/instants.ts';
import { canonicalTimeZone } from '../../time/zones.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import { createSession, type SessionChange } from '../sessions/sessions.service.ts';
import * as repo from './planner.repository.ts';
import type { ApplyPlanInput } from './planner.schemas.ts';

type PlannedSession = ApplyPlanInput['sessions'][number];
type CreatedSession = Awaited<ReturnType<typeof createSession>>['view'];
type Cohort = NonNullable<Awaited<ReturnType<typeof repo.findCohortForPlanning>>>;

export interface LecturerConflict {
  session: number;
  localStart: string;
  personId: string;
  lecturer: string;
  otherSessionId: string;
  otherSessionTitle: string;
  otherCohortId: string;
  otherCohortTitle: string;
  otherStartsAt: string;
  otherEndsAt: string;
}

/** Every session's zone and instants, or one error naming each bad session (the first error's kind decides the status). */
function deriveAll(cohort: Cohort, sessions: PlannedSession[]): { timeZone: string; instants: DerivedInstant }[] {
  const errors: AppError[] = [];
  const derived = sessions.map((session, index) => {
    try {
      const timeZone = session.timeZone ? canonicalTimeZone(session.timeZone, `sessions.${index}.timeZone`) : cohort.host_time_zone;
      const instants = deriveInstants(session.localStart, timeZone, session.durationMinutes, `sessions.${index}.localStart`);
      const hostDate = viewInZone(instants.startsAt, cohort.host_time_zone).date;
      if (hostDate < cohort.first_day || hostDate > cohort.last_day) {
        throw ruleViolated(`Session ${index + 1} falls on ${hostDate} in ${cohort.host_time_zone}, outside the cohort`, [{ field: `sessions.${index}.localStart`, message: `outside ${cohort.first_day} – ${cohort.last_day}` }]);
      }
      return { timeZone, instants };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(error);
      return undefined;
    }
  });
  const first = errors[0];
  if (first) {
    const fields = errors.filter((e) => e.code === first.code).flatMap((e) => e.fields);
    throw new AppError(first.code, errors.length === 1 ? first.message : `${errors.length} sessions cannot be created as given: ${first.message}`, { fields, details: { ...first.details } });
  }
  return derived.map((d) => d!);
}

async function assertLecturersExist(db: Kysely<Database>, sessions: PlannedSession[]): Promise<void> {
  const known = await repo.listExistingPersonIds(db, [...new Set(sessions.flatMap((s) => s.lecturerPersonIds ?? []))]);
  const unknown: FieldProblem[] = sessions.flatMap((session, index) =>
    (session.lecturerPersonIds ?? []).flatMap((id, position) => (known.has(id) ? [] : [{ field: `sessions.${index}.lecturerPersonIds.${position}`, message: 'no such person' }])),
  );
  if (unknown.length) throw ruleViolated('Some lecturers are not known', unknown);
}

async function findLecturerConflicts(db: Kysely<Database>, cohortId: string, sessions: PlannedSession[], derived: { instants: DerivedInstant }[]): Promise<LecturerConflict[]> {
  const cohortLecturers = await repo.listCohortLecturerIds(db, cohortId);
  const lecturersOf = sessions.map((session) => session.lecturerPersonIds ?? cohortLecturers);
  await repo.lockLecturers(db, lecturersOf.flat());
  const conflicts: LecturerConflict[] = [];
  for (const [index, session] of sessions.entries()) {
    if (lecturersOf[index]!.length === 0) continue;
    const { startsAt, endsAt } = derived[index]!.instants;
    for (const clash of await repo.listLecturerClashes(db, { cohortId, personIds: lecturersOf[index]!, startsAt, endsAt })) {
      conflicts.push({
        session: index,
        localStart: session.localStart,
        personId: clash.person_id,
        lecturer: clash.name_latin,
        otherSessionId: clash.session_id,
        otherSessionTitle: clash.title,
        otherCohortId: clash.cohort_id,
        otherCohortTitle: clash.cohort_title,
        otherStartsAt: clash.starts_at.toISOString(),
        otherEndsAt: clash.ends_at.toISOString(),
      });
    }
  }
  return conflicts;
}

/**
 * Creates the sessions a candidate or rotation produced, all or none; the caller runs it in one
 * transaction. Warnings (outside hours, weekends, holidays) never block; a lecturer already teaching an
 * overlapping session of another cohort does (409, each clash listed).
 */
export async function applyPlan(db: Kysely<Database>, actor: Actor, cohortId: string, input: ApplyPlanInput): Promise<{ sessions: CreatedSession[]; changes: SessionChange[] }> {
  assertStaff(actor);
  const cohort = await repo.findCohortForPlanning(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  const derived = deriveAll(cohort, input.sessions);
  await assertLecturersExist(db, input.sessions);
  const conflicts = await findLecturerConflicts(db, cohortId, input.sessions, derived);
  if (conflicts.length) {
    throw new AppError('conflict', `${conflicts.length} lecturer conflict(s); nothing was created`, {
      fields: conflicts.map((c) => ({ field: `sessions.${c.session}.localStart`, message: `${c.lecturer} already teaches "${c.otherSessionTitle}" (${c.otherCohortTitle}) from ${c.otherStartsAt} to ${c.otherEndsAt}` })),
      details: { conflicts },
    });
  }
  const sessions: CreatedSession[] = [];
  const changes: SessionChange[] = [];
  for (const [index, session] of input.sessions.entries()) {
    const created = await createSession(db, actor, cohortId, {
      kind: session.kind,
      title: session.title,
      speakers: session.speakers,
      localStart: session.localStart,
      timeZone: derived[index]!.timeZone,
      durationMinutes: session.durationMinutes,
      qaPremoderation: false,
      interpretationLanguages: [],
      startMuted: false,
    });
    sessions.push(created.view);
    changes.push(...created.changes);
  }
  return { sessions, changes };
}
