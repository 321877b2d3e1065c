import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, ruleViolated } from '../../errors.ts';
import { getCohortAccess } from '../access/cohort-access.ts';
import { isStaff, type Actor } from '../access/actor.ts';
import { computeAttendance, type LedgerEvidence, type PersonAttendance } from './ledger.ts';

export interface AttendanceSettings {
  reconnectGraceSeconds: number;
  closeGraceMinutes: number;
}

/** The ledger's settings: reconnect gaps bridged, and open intervals closed at the room's grace period. */
export const attendanceSettingsFrom = (config: Pick<Config, 'ATTENDANCE_RECONNECT_GRACE_SECONDS' | 'ROOM_GRACE_MINUTES'>): AttendanceSettings => ({
  reconnectGraceSeconds: config.ATTENDANCE_RECONNECT_GRACE_SECONDS,
  closeGraceMinutes: config.ROOM_GRACE_MINUTES,
});

interface SessionTimes {
  id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  duration_minutes: number;
  status: string;
}

export interface AttendanceOverride {
  minutes: number;
  reason: string;
  by: string;
  at: string;
}

/** One person in one session: the computed value, and beside it (never in its place) a coordinator's override. */
export interface AttendanceResult {
  personId: string;
  sessionId: string;
  minutesPresent: number;
  secondsPresent: number;
  share: number;
  firstJoin: string | null;
  lastLeave: string | null;
  override: AttendanceOverride | null;
  /** The override's minutes when there is one, else the computed minutes. */
  effectiveMinutes: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

async function loadEvidence(db: Kysely<Database>, sessionIds: string[], personId?: string): Promise<Map<string, LedgerEvidence[]>> {
  const bySession = new Map<string, LedgerEvidence[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return bySession;
  let rows = db
    .selectFrom('attendance_evidence')
    .select(['session_id', 'source', 'kind', 'at', 'person_id', 'participant_sid', 'joined_at', 'room_name'])
    .where('session_id', 'in', sessionIds);
  // One person's view still needs every poll and room event of the session (they prove absence).
  if (personId) rows = rows.where((eb) => eb.or([eb('person_id', '=', personId), eb('person_id', 'is', null)]));
  for (const row of await rows.execute()) {
    bySession.get(row.session_id)!.push({
      source: row.source,
      kind: row.kind,
      at: row.at.getTime(),
      personId: row.person_id,
      participantSid: row.participant_sid,
      joinedAt: row.joined_at?.getTime() ?? null,
      roomName: row.room_name,
    });
  }
  let presence = db.selectFrom('presence_intervals').select(['session_id', 'person_id', 'started_at', 'ended_at']).where('session_id', 'in', sessionIds);
  if (personId) presence = presence.where('person_id', '=', personId);
  for (const row of await presence.execute()) {
    bySession.get(row.session_id)!.push({
      source: 'presence',
      kind: 'presence',
      at: row.started_at.getTime(),
      until: row.ended_at?.getTime() ?? null,
      personId: row.person_id,
      participantSid: null,
      joinedAt: null,
      roomName: '',
    });
  }
  return bySession;
}

function ledgerFor(session: SessionTimes, evidence: LedgerEvidence[], settings: AttendanceSettings, now: Date) {
  return computeAttendance(evidence, {
    scheduledStart: session.starts_at.getTime(),
    scheduledEnd: session.ends_at.getTime(),
    reconnectGraceMs: settings.reconnectGraceSeconds * 1000,
    closeGraceMs: settings.closeGraceMinutes * 60_000,
    now: now.getTime(),
  });
}

async function latestOverrides(db: Kysely<Database>, sessionIds: string[]) {
  if (sessionIds.length === 0) return new Map<string, AttendanceOverride>();
  const rows = await db
    .selectFrom('attendance_overrides')
    .innerJoin('people', 'people.id', 'attendance_overrides.actor_person_id')
    .select(['attendance_overrides.session_id', 'attendance_overrides.person_id', 'attendance_overrides.minutes', 'attendance_overrides.reason', 'attendance_overrides.created_at', 'people.name_latin as by'])
    .where('attendance_overrides.session_id', 'in', sessionIds)
    .orderBy('attendance_overrides.created_at')
    .execute();
  return new Map(rows.map((r) => [`${r.session_id}/${r.person_id}`, { minutes: r.minutes, reason: r.reason, by: r.by, at: r.created_at.toISOString() }]));
}

function resultOf(session: SessionTimes, personId: string, computed: PersonAttendance | undefined, override: AttendanceOverride | undefined): AttendanceResult {
  const seconds = Math.round((computed?.creditedMs ?? 0) / 1000);
  const minutes = round1(seconds / 60);
  return {
    personId,
    sessionId: session.id,
    minutesPresent: minutes,
    secondsPresent: seconds,
    share: Math.round((seconds / 60 / session.duration_minutes) * 1000) / 1000,
    firstJoin: computed?.firstJoin != null ? new Date(computed.firstJoin).toISOString() : null,
    lastLeave: computed?.lastLeave != null ? new Date(computed.lastLeave).toISOString() : null,
    override: override ?? null,
    effectiveMinutes: override?.minutes ?? minutes,
  };
}

/** Sessions whose attendance can be known: started, not cancelled. */
function attendableSessions(db: Kysely<Database>, cohortId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'title', 'starts_at', 'ends_at', 'duration_minutes', 'status', 'local_start', 'time_zone'])
    .where('cohort_id', '=', cohortId)
    .where('status', '!=', 'cancelled')
    .where('starts_at', '<=', now)
    .orderBy('starts_at')
    .execute();
}

/** The cohort's participants × its sessions so far, computed from the evidence at the moment of asking. */
export async function cohortAttendance(db: Kysely<Database>, actor: Actor, cohortId: string, settings: AttendanceSettings, now: Date) {
  const access = await getCohortAccess(db, actor, cohortId);
  const sessions = await attendableSessions(db, cohortId, now);
  let peopleQuery = db
    .selectFrom('enrolments')
    .innerJoin('people', 'people.id', 'enrolments.person_id')
    .select(['people.id', 'people.name_latin', 'people.city', 'people.country', 'enrolments.status'])
    .where('enrolments.cohort_id', '=', cohortId)
    .where('enrolments.role', '=', 'participant')
    .where('enrolments.status', 'in', ['invited', 'confirmed'])
    .orderBy('people.city')
    .orderBy('people.name_latin');
  // A participant sees their own row; coordinators see everyone's.
  if (access.as !== 'staff') peopleQuery = peopleQuery.where('people.id', '=', actor.personId);
  const people = await peopleQuery.execute();
  const sessionIds = sessions.map((s) => s.id);
  const [evidence, overrides] = await Promise.all([loadEvidence(db, sessionIds, access.as === 'staff' ? undefined : actor.personId), latestOverrides(db, sessionIds)]);
  const ledgers = new Map(sessions.map((s) => [s.id, ledgerFor(s, evidence.get(s.id) ?? [], settings, now)]));
  const scheduledMinutes = sessions.reduce((sum, s) => sum + s.duration_minutes, 0);
  return {
    cohortId,
    computedAt: now.toISOString(),
    sessions: sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at.toISOString(), durationMinutes: s.duration_minutes, status: s.status })),
    people: people.map((p) => {
      const cells = sessions.map((s) => resultOf(s, p.id, ledgers.get(s.id)!.get(p.id), overrides.get(`${s.id}/${p.id}`)));
      const minutes = round1(cells.reduce((sum, c) => sum + c.effectiveMinutes, 0));
      return {
        personId: p.id,
        name: p.name_latin,
        city: p.city,
        country: p.country,
        cells,
        totalMinutes: minutes,
        share: scheduledMinutes ? Math.round((minutes / scheduledMinutes) * 1000) / 1000 : 0,
      };
    }),
    scheduledMinutes,
  };
}

export type CohortAttendance = Awaited<ReturnType<typeof cohortAttendance>>;

/** The matrix as CSV: one row per participant, one column per session (effective minutes), totals. */
export function attendanceCsvRows(matrix: CohortAttendance): string[][] {
  const header = ['person_id', 'name', 'city', 'country', ...matrix.sessions.map((s) => `${s.startsAt.slice(0, 16)}Z ${s.title}`), 'total_minutes', 'share_of_scheduled'];
  const rows = matrix.people.map((p) => [
    p.personId,
    p.name,
    p.city ?? '',
    p.country,
    ...p.cells.map((c) => (c.override ? `${c.effectiveMinutes} (override; computed ${c.minutesPresent})` : String(c.effectiveMinutes))),
    String(p.totalMinutes),
    String(p.share),
  ]);
  return [header, ...rows];
}

async function sessionInCohortOf(db: Kysely<Database>, actor: Actor, sessionId: string) {
  const session = await db
    .selectFrom('sessions')
    .select(['id', 'cohort_id', 'title', 'starts_at', 'ends_at', 'duration_minutes', 'status'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session) throw notFound('Session');
  const access = await getCohortAccess(db, actor, session.cohort_id).catch(() => {
    throw notFound('Session');
  });
  return { session, access };
}

/** One person's attendance in one session, with every credited stretch and the evidence it rests on. */
export async function personSessionAttendance(db: Kysely<Database>, actor: Actor, sessionId: string, personId: string, settings: AttendanceSettings, now: Date) {
  const { session, access } = await sessionInCohortOf(db, actor, sessionId);
  if (access.as !== 'staff' && personId !== actor.personId) throw notFound('Attendance');
  const evidence = (await loadEvidence(db, [session.id], personId)).get(session.id) ?? [];
  const computed = ledgerFor(session, evidence, settings, now).get(personId);
  const overrides = await db
    .selectFrom('attendance_overrides')
    .innerJoin('people', 'people.id', 'attendance_overrides.actor_person_id')
    .select(['attendance_overrides.minutes', 'attendance_overrides.reason', 'attendance_overrides.created_at', 'people.name_latin as by'])
    .where('attendance_overrides.session_id', '=', session.id)
    .where('attendance_overrides.person_id', '=', personId)
    .orderBy('attendance_overrides.created_at')
    .execute();
  const history = overrides.map((o) => ({ minutes: o.minutes, reason: o.reason, by: o.by, at: o.created_at.toISOString() }));
  return {
    ...resultOf(session, personId, computed, history.at(-1)),
    scheduled: { startsAt: session.starts_at.toISOString(), endsAt: session.ends_at.toISOString(), durationMinutes: session.duration_minutes },
    segments: (computed?.segments ?? []).map((s) => ({
      from: new Date(s.from).toISOString(),
      to: new Date(s.to).toISOString(),
      minutes: round1((s.to - s.from) / 60_000),
      basis: s.basis,
    })),
    overrideHistory: history,
  };
}

/** A coordinator's override, recorded with who and why; the computed value stays as it was. */
export async function overrideAttendance(
  db: Kysely<Database>,
  actor: Actor,
  sessionId: string,
  personId: string,
  input: { minutes: number; reason: string },
  now: Date,
) {
  const { session, access } = await sessionInCohortOf(db, actor, sessionId);
  if (access.as !== 'staff' || !isStaff(actor)) throw notFound('Session');
  const enrolled = await db
    .selectFrom('enrolments')
    .select('id')
    .where('cohort_id', '=', session.cohort_id)
    .where('person_id', '=', personId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();
  if (!enrolled) throw notFound('Enrolment');
  if (session.status === 'cancelled') throw ruleViolated('The session was cancelled; there is no attendance to override');
  if (session.starts_at > now) throw ruleViolated('The session has not started yet; attendance can be overridden once it has');
  if (input.minutes > session.duration_minutes) {
    throw ruleViolated(`At most the session’s ${session.duration_minutes} minutes`, [{ field: 'minutes', message: `at most ${session.duration_minutes}` }]);
  }
  await db.insertInto('attendance_overrides').values({ session_id: session.id, person_id: personId, minutes: input.minutes, reason: input.reason, actor_person_id: actor.personId, created_at: now }).execute();
}
