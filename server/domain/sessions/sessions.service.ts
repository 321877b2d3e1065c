import type { Insertable, Kysely } from 'kysely';
import type { CohortRow, Database, SessionRow, SessionsTable } from '../../db/schema.ts';
import { conflict, notFound, ruleViolated } from '../../errors.ts';
import { localDate } from '../../time/format.ts';
import { dayBounds, deriveInstants, tzdbVersion, viewInZone, type DerivedInstant } from '../../time/instants.ts';
import { expandWeekly } from '../../time/recurrence.ts';
import { canonicalTimeZone } from '../../time/zones.ts';
import { assertStaff, type Actor } from '../access/actor.ts';
import { getCohortAccess } from '../access/cohort-access.ts';
import { findCohort, findCohortForUpdate } from '../cohorts/cohorts.repository.ts';
import * as repo from './sessions.repository.ts';
import type { CreateSessionInput, RecurringSessionsInput, SessionView, UpdateSessionInput } from './sessions.schemas.ts';

/** What changed, for the caller to act on after the commit (mail the people, move the reminders). */
export interface SessionChange {
  session: SessionRow;
  kind: 'created' | 'moved' | 'edited' | 'cancelled';
  previous?: { startsAt: Date; endsAt: Date; sequence: number };
  reminderOffsets: number[];
  invitationsSent: boolean;
}

export function toSessionView(row: SessionRow, hostTimeZone: string, ownTimeZone: string): SessionView {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    kind: row.kind,
    title: row.title,
    speakers: row.speakers,
    localStart: row.local_start.slice(0, 16),
    timeZone: row.time_zone,
    durationMinutes: row.duration_minutes,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    sequence: row.sequence,
    status: row.status,
    qaPremoderation: row.qa_premoderation,
    interpretationLanguages: row.interpretation_languages,
    startMuted: row.start_muted,
    tzdbVersion: row.tzdb_version,
    host: viewInZone(row.starts_at, hostTimeZone),
    own: viewInZone(row.starts_at, ownTimeZone),
  };
}

const ambiguityNotice = (derived: DerivedInstant, timeZone: string) =>
  derived.ambiguity
    ? [`${derived.ambiguity.chosen.slice(0, 16)} happens twice in ${timeZone} (clocks go back): the earlier one (${derived.ambiguity.chosen}) was taken, not ${derived.ambiguity.alternative}`]
    : [];

function assertWithinCohort(cohort: CohortRow, startsAt: Date, field: string): void {
  const day = localDate(startsAt, cohort.host_time_zone);
  if (day < cohort.first_day || day > cohort.last_day) {
    throw ruleViolated(`The session falls on ${day} in ${cohort.host_time_zone}, outside the cohort (${cohort.first_day} – ${cohort.last_day})`, [
      { field, message: `outside ${cohort.first_day} – ${cohort.last_day}` },
    ]);
  }
}

function assertOpenForChanges(cohort: CohortRow): void {
  if (cohort.status === 'archived' || cohort.status === 'completed') throw conflict(`The cohort is ${cohort.status}; its sessions can no longer change`);
}

async function ownZone(db: Kysely<Database>, actor: Actor, fallback: string) {
  return (await repo.findPersonZone(db, actor.personId)) ?? fallback;
}

export async function listSessions(db: Kysely<Database>, actor: Actor, cohortId: string, filter: { status?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  await getCohortAccess(db, actor, cohortId);
  const cohort = (await findCohort(db, cohortId))!;
  const rows = await repo.listSessions(db, cohortId, {
    status: filter.status,
    fromInstant: filter.from ? dayBounds(filter.from, cohort.host_time_zone).start : undefined,
    toInstant: filter.to ? dayBounds(filter.to, cohort.host_time_zone).end : undefined,
  });
  const zone = await ownZone(db, actor, cohort.host_time_zone);
  return rows.map((row) => toSessionView(row, cohort.host_time_zone, zone));
}

async function getVisibleSession(db: Kysely<Database>, actor: Actor, id: string) {
  const session = await repo.findSession(db, id);
  if (!session) throw notFound('Session');
  await getCohortAccess(db, actor, session.cohort_id).catch(() => {
    throw notFound('Session');
  });
  return session;
}

export async function getSession(db: Kysely<Database>, actor: Actor, id: string): Promise<SessionView> {
  const session = await getVisibleSession(db, actor, id);
  const cohort = (await findCohort(db, session.cohort_id))!;
  return toSessionView(session, cohort.host_time_zone, await ownZone(db, actor, cohort.host_time_zone));
}

function newRow(cohortId: string, input: { kind: SessionRow['kind']; title: string; speakers: string[]; localStart: string; durationMinutes: number; qaPremoderation?: boolean | undefined; interpretationLanguages?: string[] | undefined; startMuted?: boolean | undefined }, timeZone: string, derived: DerivedInstant): Insertable<SessionsTable> {
  return {
    qa_premoderation: input.qaPremoderation ?? false,
    interpretation_languages: input.interpretationLanguages ?? [],
    start_muted: input.startMuted ?? false,
    cohort_id: cohortId,
    kind: input.kind,
    title: input.title,
    speakers: input.speakers,
    local_start: input.localStart,
    time_zone: timeZone,
    duration_minutes: input.durationMinutes,
    starts_at: derived.startsAt,
    ends_at: derived.endsAt,
    tzdb_version: tzdbVersion(),
  };
}

export async function createSession(db: Kysely<Database>, actor: Actor, cohortId: string, input: CreateSessionInput) {
  assertStaff(actor);
  const cohort = await findCohortForUpdate(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  assertOpenForChanges(cohort);
  const timeZone = input.timeZone ? canonicalTimeZone(input.timeZone, 'timeZone') : cohort.host_time_zone;
  const derived = deriveInstants(input.localStart, timeZone, input.durationMinutes, 'localStart');
  assertWithinCohort(cohort, derived.startsAt, 'localStart');
  const [row] = await repo.insertSessions(db, [newRow(cohortId, input, timeZone, derived)]);
  const change: SessionChange = { session: row!, kind: 'created', reminderOffsets: cohort.reminder_offsets_minutes, invitationsSent: cohort.invitations_sent_at !== null };
  const view = toSessionView(row!, cohort.host_time_zone, await ownZone(db, actor, cohort.host_time_zone));
  return { view: { ...view, notices: ambiguityNotice(derived, timeZone) }, changes: [change] };
}

/** Many sessions from one weekly pattern, all or none. */
export async function createRecurringSessions(db: Kysely<Database>, actor: Actor, cohortId: string, input: RecurringSessionsInput) {
  assertStaff(actor);
  const cohort = await findCohortForUpdate(db, cohortId);
  if (!cohort) throw notFound('Cohort');
  assertOpenForChanges(cohort);
  const timeZone = input.timeZone ? canonicalTimeZone(input.timeZone, 'timeZone') : cohort.host_time_zone;
  const occurrences = expandWeekly({
    weekdays: input.weekdays,
    localTime: input.localTime,
    timeZone,
    durationMinutes: input.durationMinutes,
    from: input.from ?? cohort.first_day,
    until: input.until ?? cohort.last_day,
    skipDates: input.skipDates,
  });
  if (input.titles && input.titles.length !== occurrences.length) {
    throw ruleViolated(`The pattern makes ${occurrences.length} sessions but ${input.titles.length} titles were given`, [{ field: 'titles', message: `expected ${occurrences.length} titles` }]);
  }
  occurrences.forEach((o) => assertWithinCohort(cohort, o.startsAt, `occurrences.${o.date}`));
  const rows = await repo.insertSessions(
    db,
    occurrences.map((o, i) => newRow(cohortId, { ...input, title: input.titles?.[i] ?? `${input.title} ${i + 1}`, localStart: o.localStart }, timeZone, o)),
  );
  const zone = await ownZone(db, actor, cohort.host_time_zone);
  const invitationsSent = cohort.invitations_sent_at !== null;
  return {
    sessions: rows.map((row) => toSessionView(row, cohort.host_time_zone, zone)),
    notices: occurrences.flatMap((o) => ambiguityNotice(o, timeZone)),
    changes: rows.map((session): SessionChange => ({ session, kind: 'created', reminderOffsets: cohort.reminder_offsets_minutes, invitationsSent })),
  };
}

export async function updateSession(db: Kysely<Database>, actor: Actor, id: string, input: UpdateSessionInput, now: Date) {
  assertStaff(actor);
  const current = await repo.findSessionForUpdate(db, id);
  if (!current) throw notFound('Session');
  const cohort = (await findCohortForUpdate(db, current.cohort_id))!;
  assertOpenForChanges(cohort);
  if (current.status === 'cancelled') throw conflict('A cancelled session cannot be changed; create a new one');
  const timeZone = input.timeZone ? canonicalTimeZone(input.timeZone, 'timeZone') : current.time_zone;
  const localStart = input.localStart ?? current.local_start.slice(0, 16);
  const durationMinutes = input.durationMinutes ?? current.duration_minutes;
  const derived = deriveInstants(localStart, timeZone, durationMinutes, 'localStart');
  assertWithinCohort(cohort, derived.startsAt, 'localStart');
  const moved = derived.startsAt.getTime() !== current.starts_at.getTime() || derived.endsAt.getTime() !== current.ends_at.getTime();
  // Every change is a new version of the calendar event.
  const row = await repo.updateSession(db, id, {
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.title !== undefined && { title: input.title }),
    ...(input.speakers !== undefined && { speakers: input.speakers }),
    ...(input.qaPremoderation !== undefined && { qa_premoderation: input.qaPremoderation }),
    ...(input.interpretationLanguages !== undefined && { interpretation_languages: input.interpretationLanguages }),
    ...(input.startMuted !== undefined && { start_muted: input.startMuted }),
    local_start: localStart,
    time_zone: timeZone,
    duration_minutes: durationMinutes,
    starts_at: derived.startsAt,
    ends_at: derived.endsAt,
    tzdb_version: tzdbVersion(),
    sequence: current.sequence + 1,
    updated_at: now,
  });
  const change: SessionChange = {
    session: row,
    kind: moved ? 'moved' : 'edited',
    previous: { startsAt: current.starts_at, endsAt: current.ends_at, sequence: current.sequence },
    reminderOffsets: cohort.reminder_offsets_minutes,
    invitationsSent: cohort.invitations_sent_at !== null,
  };
  const view = toSessionView(row, cohort.host_time_zone, await ownZone(db, actor, cohort.host_time_zone));
  return { view: { ...view, notices: ambiguityNotice(derived, timeZone) }, changes: [change] };
}

export async function cancelSession(db: Kysely<Database>, actor: Actor, id: string, now: Date) {
  assertStaff(actor);
  const current = await repo.findSessionForUpdate(db, id);
  if (!current) throw notFound('Session');
  const cohort = (await findCohortForUpdate(db, current.cohort_id))!;
  if (current.status === 'cancelled') throw conflict('The session is already cancelled');
  if (current.status !== 'scheduled') throw conflict(`The session is ${current.status}; only a scheduled session can be cancelled`);
  const row = await repo.updateSession(db, id, { status: 'cancelled', sequence: current.sequence + 1, updated_at: now });
  const change: SessionChange = {
    session: row,
    kind: 'cancelled',
    previous: { startsAt: current.starts_at, endsAt: current.ends_at, sequence: current.sequence },
    reminderOffsets: cohort.reminder_offsets_minutes,
    invitationsSent: cohort.invitations_sent_at !== null,
  };
  return { view: { ...toSessionView(row, cohort.host_time_zone, await ownZone(db, actor, cohort.host_time_zone)), notices: [] }, changes: [change] };
}

/** Only before invitations went out; afterwards people may have it in their calendars: cancel it. */
export async function deleteSession(db: Kysely<Database>, actor: Actor, id: string) {
  assertStaff(actor);
  const current = await repo.findSessionForUpdate(db, id);
  if (!current) throw notFound('Session');
  const cohort = (await findCohortForUpdate(db, current.cohort_id))!;
  if (cohort.invitations_sent_at) throw conflict('Invitations for this cohort went out; cancel the session instead of deleting it');
  await repo.deleteSession(db, id);
  return { session: current, reminderOffsets: cohort.reminder_offsets_minutes };
}
