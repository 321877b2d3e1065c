import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, conflict, notFound, ruleViolated } from '../../errors.ts';
import { formatInstant } from '../../time/format.ts';
import { prepared } from '../../db/database.ts';
import { isStaff, type Actor } from '../access/actor.ts';
import { liveRoomName, teamRoomName, type JoinRole } from '../../livekit/tokens.ts';

/** From when a session can be joined: `windowMinutes` before its start. */
export const joinOpensAt = (startsAt: Date, windowMinutes: number) => new Date(startsAt.getTime() - windowMinutes * 60_000);

export interface JoinRequest {
  /** The interpretation language to listen in (null: the floor); remembered for the whole programme. */
  language?: string | null | undefined;
  /** `team`: the caller's own team room while team rooms are open. */
  room?: 'main' | 'team' | undefined;
  /** Staff and lecturers may visit any team's room. */
  teamId?: string | undefined;
  /** Staff and lecturers: a hidden, subscribe-only presence for the live monitor. */
  monitor?: boolean | undefined;
}

export interface InterpretationChannel {
  language: string;
  interpreters: { identity: string; name: string }[];
}

export interface JoinDecision {
  sessionId: string;
  role: JoinRole;
  person: { id: string; name: string };
  roomName: string;
  team: { id: string; name: string } | null;
  startMuted: boolean;
  monitor: boolean;
  /** Written into the token as participant attributes, so every client sees them. */
  attributes: Record<string, string>;
  interpretation: { languages: string[]; channels: InterpretationChannel[]; chosenLanguage: string | null };
}

async function interpretationChannels(db: Kysely<Database>, cohortId: string, languages: string[]): Promise<InterpretationChannel[]> {
  const interpreters = languages.length
    ? await db
        .selectFrom('enrolments')
        .innerJoin('people', 'people.id', 'enrolments.person_id')
        .select(['people.id', 'people.name_latin', 'enrolments.interpretation_language'])
        .where('enrolments.cohort_id', '=', cohortId)
        .where('enrolments.role', '=', 'interpreter')
        .where('enrolments.status', 'in', ['invited', 'confirmed'])
        .where('enrolments.interpretation_language', 'in', languages)
        .orderBy('people.name_latin')
        .execute()
    : [];
  return languages.map((language) => ({
    language,
    interpreters: interpreters.filter((i) => i.interpretation_language === language).map((i) => ({ identity: i.id, name: i.name_latin })),
  }));
}

/**
 * Who may join a session's room now: staff, and people enrolled in its cohort (invited or confirmed),
 * from `windowMinutes` before the start until the end. Refusals say why, and when, in the caller's zone.
 */
export async function decideJoin(db: Kysely<Database>, actor: Actor, sessionId: string, now: Date, windowMinutes: number, request: JoinRequest = {}): Promise<JoinDecision> {
  // One round trip: the session, the caller, their enrolment and any removal from this session.
  const row = await db
    .selectFrom('sessions')
    .modifyFront(prepared('join_decision'))
    .innerJoin('people', (join) => join.on('people.id', '=', actor.personId))
    .leftJoin('enrolments', (join) => join.onRef('enrolments.cohort_id', '=', 'sessions.cohort_id').on('enrolments.person_id', '=', actor.personId))
    .select((eb) => [
      'sessions.id',
      'sessions.cohort_id',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.status',
      'sessions.interpretation_languages',
      'sessions.start_muted',
      'people.name_latin',
      'people.time_zone',
      'people.locale',
      'enrolments.id as enrolment_id',
      'enrolments.role as enrolment_role',
      'enrolments.status as enrolment_status',
      'enrolments.interpretation_language',
      eb
        .selectFrom('moderation_actions')
        .select('moderation_actions.created_at')
        .whereRef('moderation_actions.session_id', '=', 'sessions.id')
        .where('moderation_actions.target_person_id', '=', actor.personId)
        .where('moderation_actions.action', '=', 'remove_participant')
        .limit(1)
        .as('removed_at'),
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) throw notFound('Session');
  const session = row;
  const person = { id: actor.personId, name_latin: row.name_latin, time_zone: row.time_zone, locale: row.locale };
  let role: JoinRole = 'staff';
  let enrolment: { id: string; role: JoinRole; interpretation_language: string | null } | undefined;
  if (!isStaff(actor)) {
    if (!row.enrolment_id || !row.enrolment_role || row.enrolment_status === 'withdrawn') throw notFound('Session');
    if (row.enrolment_status === 'declined') throw new AppError('forbidden', 'You declined this programme; ask the coordinator to enrol you again');
    role = row.enrolment_role;
    enrolment = { id: row.enrolment_id, role: row.enrolment_role, interpretation_language: row.interpretation_language };
  }
  const local = (instant: Date) => formatInstant(instant, person.time_zone, person.locale);
  if (session.status === 'cancelled') throw new AppError('conflict', 'This session was cancelled', { details: { reason: 'cancelled' } });
  const opensAt = joinOpensAt(session.starts_at, windowMinutes);
  if (now < opensAt) {
    throw new AppError('conflict', `The session is not open yet: you can join from ${local(opensAt)}`, {
      details: { reason: 'not_open_yet', opensAt: opensAt.toISOString(), opensAtLocal: local(opensAt), timeZone: person.time_zone },
    });
  }
  if (now >= session.ends_at || session.status === 'ended') {
    throw new AppError('conflict', `The session ended at ${local(session.ends_at)}`, { details: { reason: 'ended', endedAt: session.ends_at.toISOString() } });
  }
  if (row.removed_at) throw new AppError('forbidden', `A moderator removed you from this session at ${local(row.removed_at)}; ask the coordinator if this was a mistake`);

  if (request.monitor && role !== 'staff' && role !== 'lecturer') throw new AppError('forbidden', 'Only coordinators and lecturers can watch as a monitor');

  // The listening language: a new choice must be one the session offers, and is remembered for the programme.
  const languages = session.interpretation_languages;
  let chosenLanguage = enrolment?.interpretation_language ?? null;
  if (request.language !== undefined && role !== 'interpreter') {
    if (request.language !== null && !languages.includes(request.language)) {
      throw ruleViolated(`This session is interpreted into ${languages.length ? languages.join(', ') : 'no language'}`, [{ field: 'language', message: `not offered in this session` }]);
    }
    chosenLanguage = request.language;
    if (enrolment) await db.updateTable('enrolments').set({ interpretation_language: chosenLanguage }).where('id', '=', enrolment.id).execute();
  }
  const attributes: Record<string, string> = {};
  if (role === 'interpreter') {
    if (!chosenLanguage) throw conflict('No interpretation language is set for you in this programme; ask the coordinator', { reason: 'no_language' });
    attributes['interpretation.language'] = chosenLanguage;
  } else if (chosenLanguage && languages.includes(chosenLanguage)) {
    attributes['listening.language'] = chosenLanguage;
  }

  const team = await chooseRoom(db, { ...session, cohort_id: session.cohort_id }, actor, role, request);
  return {
    sessionId: session.id,
    role,
    person: { id: person.id, name: person.name_latin },
    roomName: team ? teamRoomName(session.id, team.id) : liveRoomName(session.id),
    team,
    startMuted: role === 'participant' && session.start_muted,
    monitor: request.monitor === true,
    attributes,
    interpretation: {
      languages,
      channels: await interpretationChannels(db, session.cohort_id, languages),
      chosenLanguage: role === 'interpreter' || (chosenLanguage && languages.includes(chosenLanguage)) ? chosenLanguage : null,
    },
  };
}

/** The main room, or a team room while team rooms are open: participants their own team's, moderators any. */
async function chooseRoom(db: Kysely<Database>, session: { id: string; cohort_id: string }, actor: Actor, role: JoinRole, request: JoinRequest) {
  if (request.room !== 'team' && !request.teamId) return null;
  const open = await db.selectFrom('breakouts').select('id').where('session_id', '=', session.id).where('closed_at', 'is', null).executeTakeFirst();
  if (!open) throw conflict('The team rooms are not open now', { reason: 'teams_closed' });
  const moderator = role === 'staff' || role === 'lecturer';
  if (request.teamId) {
    const team = await db.selectFrom('teams').select(['id', 'name']).where('id', '=', request.teamId).where('cohort_id', '=', session.cohort_id).executeTakeFirst();
    if (!team) throw notFound('Team');
    if (!moderator) {
      const member = await db.selectFrom('team_members').select('person_id').where('team_id', '=', team.id).where('person_id', '=', actor.personId).executeTakeFirst();
      if (!member) throw new AppError('forbidden', 'You can only join your own team’s room');
    }
    return team;
  }
  const own = await db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.id', 'teams.name'])
    .where('team_members.cohort_id', '=', session.cohort_id)
    .where('team_members.person_id', '=', actor.personId)
    .executeTakeFirst();
  if (!own) throw conflict('You are not in a team of this cohort; stay in the main room', { reason: 'no_team' });
  return own;
}
