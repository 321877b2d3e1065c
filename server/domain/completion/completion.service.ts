import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { conflict, notFound, ruleViolated } from '../../errors.ts';
import { evaluateCompletion, type CompletionResult, type SessionAttendance } from '../../certificates/completion.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import { getCohortAccess } from '../access/cohort-access.ts';
import { cohortAttendance, type AttendanceSettings } from '../attendance/attendance.service.ts';
import { CompletionPolicyInput, defaultCompletionPolicy, type CompletionView } from './completion.schemas.ts';

/** The cohort's own policy, else its programme's default, else the centre's usual 80 % of live minutes. */
export async function policyFor(db: Kysely<Database>, cohortId: string): Promise<CompletionPolicyInput> {
  const row = await db
    .selectFrom('cohorts')
    .innerJoin('programmes', 'programmes.id', 'cohorts.programme_id')
    .select(['cohorts.completion_policy', 'programmes.default_completion_policy'])
    .where('cohorts.id', '=', cohortId)
    .executeTakeFirst();
  if (!row) throw notFound('Cohort');
  const stored = row.completion_policy ?? row.default_completion_policy;
  if (!stored) return defaultCompletionPolicy;
  const parsed = CompletionPolicyInput.safeParse(stored);
  return parsed.success ? parsed.data : defaultCompletionPolicy;
}

/** Every session and person a policy names must belong to the cohort; each stray id is named. */
export async function assertPolicyFitsCohort(db: Kysely<Database>, cohortId: string, policy: CompletionPolicyInput): Promise<void> {
  const sessions = new Set((await db.selectFrom('sessions').select('id').where('cohort_id', '=', cohortId).where('status', '!=', 'cancelled').execute()).map((s) => s.id));
  const people = new Set((await db.selectFrom('enrolments').select('person_id').where('cohort_id', '=', cohortId).where('status', '!=', 'withdrawn').execute()).map((e) => e.person_id));
  const problems = [
    ...policy.requiredSessionIds.flatMap((id, i) => (sessions.has(id) ? [] : [{ field: `requiredSessionIds.${i}`, message: 'not a session of this cohort' }])),
    ...policy.personRequirements.flatMap((requirement, i) => [
      ...(people.has(requirement.personId) ? [] : [{ field: `personRequirements.${i}.personId`, message: 'not enrolled in this cohort' }]),
      ...requirement.sessionIds.flatMap((id, j) => (sessions.has(id) ? [] : [{ field: `personRequirements.${i}.sessionIds.${j}`, message: 'not a session of this cohort' }])),
    ]),
  ];
  if (problems.length) throw ruleViolated('The completion policy names sessions or people outside this cohort', problems);
}

export async function setCompletionPolicy(db: Kysely<Database>, actor: Actor, cohortId: string, policy: CompletionPolicyInput, now: Date) {
  assertStaff(actor);
  const cohort = await db.selectFrom('cohorts').select(['id', 'status']).where('id', '=', cohortId).executeTakeFirst();
  if (!cohort) throw notFound('Cohort');
  if (cohort.status === 'archived') throw conflict('The cohort is archived');
  await assertPolicyFitsCohort(db, cohortId, policy);
  await db.updateTable('cohorts').set({ completion_policy: JSON.stringify(policy), updated_at: now }).where('id', '=', cohortId).execute();
  return policy;
}

/** Records that a person made up a session (a recording watched, a written summary): it counts as attended. */
export async function recordMakeUp(db: Kysely<Database>, actor: Actor, sessionId: string, input: { personId: string; reason: string }, now: Date) {
  assertStaff(actor);
  const session = await db.selectFrom('sessions').select(['id', 'cohort_id', 'ends_at', 'status']).where('id', '=', sessionId).executeTakeFirst();
  if (!session) throw notFound('Session');
  if (session.status === 'cancelled') throw ruleViolated('The session was cancelled; there is nothing to make up');
  if (session.ends_at > now) throw ruleViolated('The session has not ended yet; a make-up is recorded after it', [{ field: 'sessionId', message: 'not ended yet' }]);
  const enrolled = await db.selectFrom('enrolments').select('id').where('cohort_id', '=', session.cohort_id).where('person_id', '=', input.personId).where('status', 'in', ['invited', 'confirmed']).executeTakeFirst();
  if (!enrolled) throw ruleViolated('Only people taking part in the cohort can make up a session', [{ field: 'personId', message: 'not taking part in this cohort' }]);
  const inserted = await db
    .insertInto('make_ups')
    .values({ session_id: sessionId, person_id: input.personId, reason: input.reason, actor_person_id: actor.personId, created_at: now })
    .onConflict((oc) => oc.constraint('make_ups_once').doNothing())
    .returning(['id', 'created_at'])
    .executeTakeFirst();
  if (!inserted) throw conflict('A make-up is already recorded for this person and session');
  return { id: inserted.id, sessionId, personId: input.personId, reason: input.reason, at: inserted.created_at.toISOString() };
}

export interface PersonCompletion extends CompletionView {
  result: CompletionResult;
}

/**
 * Everyone's completion in a cohort (a participant: their own), as a pure function of the stored
 * attendance, overrides, make-ups and the policy at the moment of asking.
 */
export async function cohortCompletion(db: Kysely<Database>, actor: Actor, cohortId: string, settings: AttendanceSettings, now: Date): Promise<PersonCompletion[]> {
  await getCohortAccess(db, actor, cohortId);
  const [policy, matrix, sessions, makeUps, certificates] = await Promise.all([
    policyFor(db, cohortId),
    cohortAttendance(db, actor, cohortId, settings, now),
    db.selectFrom('sessions').select(['id', 'duration_minutes', 'ends_at', 'status']).where('cohort_id', '=', cohortId).execute(),
    db.selectFrom('make_ups').innerJoin('sessions', 'sessions.id', 'make_ups.session_id').select(['make_ups.session_id', 'make_ups.person_id', 'make_ups.reason']).where('sessions.cohort_id', '=', cohortId).execute(),
    db.selectFrom('certificates').select(['person_id', 'number', 'revoked_at']).where('cohort_id', '=', cohortId).where('replaced_by', 'is', null).execute(),
  ]);
  const completionSessions = sessions.map((s) => ({ id: s.id, scheduledMinutes: s.duration_minutes, endsAt: s.ends_at, cancelled: s.status === 'cancelled' }));
  const certificateOf = new Map(certificates.map((c) => [c.person_id, { number: c.number, status: c.revoked_at ? ('revoked' as const) : ('valid' as const) }]));
  return matrix.people.map((person) => {
    const attendance: SessionAttendance[] = person.cells.map((cell) => ({
      sessionId: cell.sessionId,
      creditedMinutes: cell.minutesPresent,
      ...(cell.override && { override: { minutes: cell.override.minutes, reason: cell.override.reason } }),
    }));
    for (const makeUp of makeUps.filter((m) => m.person_id === person.personId)) {
      const existing = attendance.find((a) => a.sessionId === makeUp.session_id);
      if (existing) existing.makeUp = { reason: makeUp.reason };
      else attendance.push({ sessionId: makeUp.session_id, creditedMinutes: 0, makeUp: { reason: makeUp.reason } });
    }
    const own = policy.personRequirements.filter((r) => r.personId === person.personId).flatMap((r) => r.sessionIds);
    const result = evaluateCompletion(
      {
        ...(policy.minimumShareOfLiveMinutes !== undefined && { minShareOfLiveMinutes: policy.minimumShareOfLiveMinutes }),
        ...(policy.minimumSessionsAttended !== undefined && { minSessionsAttended: policy.minimumSessionsAttended }),
        requiredSessionIds: [...new Set([...policy.requiredSessionIds, ...own])],
        allowMakeUp: policy.allowMakeUp,
        sessionCountsFromShare: policy.sessionCountsFromShare,
      },
      completionSessions,
      attendance,
      now,
    );
    return {
      personId: person.personId,
      name: person.name,
      city: person.city,
      status: result.status,
      creditedMinutes: Math.round(result.creditedMinutes * 10) / 10,
      scheduledMinutes: result.scheduledMinutes,
      share: Math.round(result.share * 1000) / 1000,
      sessionsAttended: result.sessionsAttended,
      missingRequired: result.missingRequired,
      needs: result.needs,
      programmeOver: result.programmeOver,
      certificate: certificateOf.get(person.personId) ?? null,
      result,
    };
  });
}
