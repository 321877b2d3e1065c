import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database, ModerationAction } from '../../db/schema.ts';
import { conflict, forbidden, notFound, ruleViolated } from '../../errors.ts';
import type { LiveRooms } from '../../livekit/rooms.ts';
import { liveRoomName, teamRoomName } from '../../livekit/tokens.ts';
import type { RealtimePush } from '../../realtime/relay.ts';
import { roomNames } from '../discussion/room-access.ts';
import { isStaff, type Actor } from '../access/actor.ts';
import { getCohortAccess } from '../access/cohort-access.ts';
import { joinOpensAt } from './join.service.ts';

export interface ModerationDeps {
  db: Kysely<Database>;
  liveRooms: LiveRooms;
  push: RealtimePush;
  config: Pick<Config, 'ROOM_MAX_PARTICIPANTS' | 'ROOM_GRACE_MINUTES' | 'JOIN_WINDOW_MINUTES'>;
}

/** Coordinators, and the cohort's lecturers, moderate; anyone else gets the same 404 as for an unknown session. */
export async function moderatedSession(db: Kysely<Database>, actor: Actor, sessionId: string) {
  const session = await db.selectFrom('sessions').select(['id', 'cohort_id', 'title', 'starts_at', 'ends_at', 'status']).where('id', '=', sessionId).executeTakeFirst();
  if (!session) throw notFound('Session');
  const access = await getCohortAccess(db, actor, session.cohort_id).catch(() => {
    throw notFound('Session');
  });
  if (access.as !== 'staff' && access.as !== 'lecturer') throw forbidden('Only coordinators and the lecturers can moderate a session');
  return session;
}

function assertLive(session: { status: string; starts_at: Date; ends_at: Date }, now: Date, windowMinutes: number) {
  if (session.status === 'cancelled') throw conflict('The session was cancelled', { reason: 'cancelled' });
  if (session.status === 'ended' || now >= session.ends_at) throw conflict('The session has ended', { reason: 'ended' });
  if (now < joinOpensAt(session.starts_at, windowMinutes)) throw conflict('The session has not opened yet', { reason: 'not_open_yet' });
}

async function record(db: Kysely<Database>, input: { sessionId: string; actor: Actor; action: ModerationAction; targetPersonId?: string; trackSid?: string; reason?: string | undefined }, now: Date) {
  return db
    .insertInto('moderation_actions')
    .values({
      session_id: input.sessionId,
      actor_person_id: input.actor.personId,
      action: input.action,
      target_person_id: input.targetPersonId ?? null,
      track_sid: input.trackSid ?? null,
      reason: input.reason ?? null,
      created_at: now,
    })
    .returning(['id', 'action', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** Every moderator's page sees every action as it happens. */
async function announce(deps: ModerationDeps, sessionId: string, action: { id: string; action: string; created_at: Date }) {
  await deps.push.toRoom(roomNames.moderators(sessionId), 'moderation:recorded', { sessionId, id: action.id, action: action.action, at: action.created_at.toISOString() });
}

async function openBreakout(db: Kysely<Database>, sessionId: string) {
  return db.selectFrom('breakouts').select(['id', 'opened_at']).where('session_id', '=', sessionId).where('closed_at', 'is', null).executeTakeFirst();
}

/** The rooms a person may be in during the session now: the main room and, while team rooms are open, every team room. */
async function currentRooms(db: Kysely<Database>, session: { id: string; cohort_id: string }) {
  const rooms = [liveRoomName(session.id)];
  if (await openBreakout(db, session.id)) {
    const teams = await db.selectFrom('teams').select('id').where('cohort_id', '=', session.cohort_id).execute();
    rooms.push(...teams.map((t) => teamRoomName(session.id, t.id)));
  }
  return rooms;
}

/** Disconnects a person from the session and keeps them out of it: their next join is refused. */
export async function removeParticipant(deps: ModerationDeps, actor: Actor, sessionId: string, input: { personId: string; reason?: string | undefined }, now: Date) {
  const session = await moderatedSession(deps.db, actor, sessionId);
  assertLive(session, now, deps.config.JOIN_WINDOW_MINUTES);
  if (input.personId === actor.personId) throw conflict('You cannot remove yourself; leave the room instead');
  const target = await deps.db
    .selectFrom('enrolments')
    .select('role')
    .where('cohort_id', '=', session.cohort_id)
    .where('person_id', '=', input.personId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();
  if (!target) throw ruleViolated('Only people enrolled in this cohort can be removed from its session', [{ field: 'personId', message: 'not enrolled in this cohort' }]);
  const already = await deps.db.selectFrom('moderation_actions').select('id').where('session_id', '=', sessionId).where('target_person_id', '=', input.personId).where('action', '=', 'remove_participant').executeTakeFirst();
  if (already) throw conflict('This person was already removed from the session', { reason: 'already_removed' });
  // Disconnected from every room where they are; recorded even when they are not connected to the
  // media server (only in the chat, say), so the removal keeps them out of the session either way.
  const rooms = await currentRooms(deps.db, session);
  const disconnected = (await Promise.all(rooms.map((room) => deps.liveRooms.removeParticipant(room, input.personId)))).some(Boolean);
  const action = await record(deps.db, { sessionId, actor, action: 'remove_participant', targetPersonId: input.personId, reason: input.reason }, now);
  await deps.push.toRoom(roomNames.person(input.personId), 'live:removed', { sessionId, reason: input.reason ?? null });
  await announce(deps, sessionId, action);
  return { id: action.id, action: action.action, at: action.created_at.toISOString(), disconnected };
}

export async function muteTrack(deps: ModerationDeps, actor: Actor, sessionId: string, input: { personId: string; trackSid: string; teamId?: string | undefined }, now: Date) {
  const session = await moderatedSession(deps.db, actor, sessionId);
  assertLive(session, now, deps.config.JOIN_WINDOW_MINUTES);
  const room = input.teamId ? teamRoomName(session.id, input.teamId) : liveRoomName(session.id);
  if (!(await deps.liveRooms.mutePublishedTrack(room, input.personId, input.trackSid, true))) throw notFound('Published track');
  const action = await record(deps.db, { sessionId, actor, action: 'mute_track', targetPersonId: input.personId, trackSid: input.trackSid }, now);
  await announce(deps, sessionId, action);
  return { id: action.id, action: action.action, at: action.created_at.toISOString() };
}

/** Ends the session for everyone: every room closes, every page is told, nobody can join again. */
export async function endSession(deps: ModerationDeps, actor: Actor, sessionId: string, input: { reason?: string | undefined }, now: Date) {
  const session = await moderatedSession(deps.db, actor, sessionId);
  assertLive(session, now, deps.config.JOIN_WINDOW_MINUTES);
  const rooms = await currentRooms(deps.db, session);
  for (const room of rooms) await deps.liveRooms.deleteRoom(room);
  const action = await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ status: 'ended', updated_at: now }).where('id', '=', sessionId).execute();
    await trx.updateTable('breakouts').set({ closed_at: now, closed_by: actor.personId }).where('session_id', '=', sessionId).where('closed_at', 'is', null).execute();
    await trx.updateTable('live_rooms').set({ closed_at: now }).where('session_id', '=', sessionId).where('closed_at', 'is', null).execute();
    return record(trx, { sessionId, actor, action: 'end_session', reason: input.reason }, now);
  });
  await deps.push.toRoom(roomNames.session(sessionId), 'session:ended', { reason: input.reason ?? 'The session was ended by the host' });
  await announce(deps, sessionId, action);
  return { id: action.id, action: action.action, at: action.created_at.toISOString() };
}

/** Opens one LiveKit room per team of the cohort and tells everyone in the session to go to theirs. */
export async function openTeamRooms(deps: ModerationDeps, actor: Actor, sessionId: string, now: Date) {
  const session = await moderatedSession(deps.db, actor, sessionId);
  assertLive(session, now, deps.config.JOIN_WINDOW_MINUTES);
  if (await openBreakout(deps.db, sessionId)) throw conflict('The team rooms are already open');
  const teams = await deps.db.selectFrom('teams').select(['id', 'name']).where('cohort_id', '=', session.cohort_id).orderBy('name').execute();
  if (teams.length === 0) throw conflict('This cohort has no teams yet; define them first (POST /api/cohorts/{id}/teams)', { reason: 'no_teams' });
  const emptyTimeoutSeconds = deps.config.ROOM_GRACE_MINUTES * 60;
  for (const team of teams) await deps.liveRooms.ensureRoom(teamRoomName(sessionId, team.id), { emptyTimeoutSeconds, maxParticipants: deps.config.ROOM_MAX_PARTICIPANTS });
  const { opened: breakout, action } = await deps.db.transaction().execute(async (trx) => {
    const opened = await trx.insertInto('breakouts').values({ session_id: sessionId, opened_by: actor.personId, opened_at: now }).returning(['id', 'opened_at']).executeTakeFirstOrThrow();
    return { opened, action: await record(trx, { sessionId, actor, action: 'open_team_rooms' }, now) };
  });
  await announce(deps, sessionId, action);
  const payload = { sessionId, breakoutId: breakout.id, teams: teams.map((t) => ({ id: t.id, name: t.name })) };
  await deps.push.toRoom(roomNames.session(sessionId), 'teams:opened', payload);
  return { ...payload, openedAt: breakout.opened_at.toISOString() };
}

/** Calls everyone back to the main room and closes the team rooms. */
export async function closeTeamRooms(deps: ModerationDeps, actor: Actor, sessionId: string, now: Date) {
  const session = await moderatedSession(deps.db, actor, sessionId);
  const breakout = await openBreakout(deps.db, sessionId);
  if (!breakout) throw conflict('The team rooms are not open');
  const teams = await deps.db.selectFrom('teams').select('id').where('cohort_id', '=', session.cohort_id).execute();
  const action = await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('breakouts').set({ closed_at: now, closed_by: actor.personId }).where('id', '=', breakout.id).execute();
    return record(trx, { sessionId, actor, action: 'close_team_rooms' }, now);
  });
  await announce(deps, sessionId, action);
  // Tell the pages first, so people move before their team room disappears under them.
  await deps.push.toRoom(roomNames.session(sessionId), 'teams:closed', { sessionId, breakoutId: breakout.id });
  for (const team of teams) await deps.liveRooms.deleteRoom(teamRoomName(sessionId, team.id));
  return { sessionId, breakoutId: breakout.id, closedAt: now.toISOString() };
}

export async function listModerationActions(db: Kysely<Database>, actor: Actor, sessionId: string) {
  await moderatedSession(db, actor, sessionId);
  const rows = await db
    .selectFrom('moderation_actions')
    .innerJoin('people as actor', 'actor.id', 'moderation_actions.actor_person_id')
    .leftJoin('people as target', 'target.id', 'moderation_actions.target_person_id')
    .select(['moderation_actions.id', 'action', 'moderation_actions.created_at', 'reason', 'track_sid', 'actor.id as actorId', 'actor.name_latin as actorName', 'target.id as targetId', 'target.name_latin as targetName'])
    .where('session_id', '=', sessionId)
    .orderBy('moderation_actions.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    at: r.created_at.toISOString(),
    reason: r.reason,
    trackSid: r.track_sid,
    by: { personId: r.actorId, name: r.actorName },
    target: r.targetId ? { personId: r.targetId, name: r.targetName } : null,
  }));
}

/** Whether team rooms are open now, which, and the caller's own team: for a page loaded in the middle of a breakout. */
export async function teamRoomsState(db: Kysely<Database>, actor: Actor, sessionId: string) {
  const session = await db.selectFrom('sessions').select(['id', 'cohort_id']).where('id', '=', sessionId).executeTakeFirst();
  if (!session) throw notFound('Session');
  if (!isStaff(actor)) {
    const enrolled = await db.selectFrom('enrolments').select('id').where('cohort_id', '=', session.cohort_id).where('person_id', '=', actor.personId).where('status', 'in', ['invited', 'confirmed']).executeTakeFirst();
    if (!enrolled) throw notFound('Session');
  }
  const breakout = await openBreakout(db, sessionId);
  const teams = breakout ? await db.selectFrom('teams').select(['id', 'name']).where('cohort_id', '=', session.cohort_id).orderBy('name').execute() : [];
  const own = await db
    .selectFrom('team_members')
    .innerJoin('teams', 'teams.id', 'team_members.team_id')
    .select(['teams.id', 'teams.name'])
    .where('team_members.cohort_id', '=', session.cohort_id)
    .where('team_members.person_id', '=', actor.personId)
    .executeTakeFirst();
  return { open: Boolean(breakout), breakoutId: breakout?.id ?? null, openedAt: breakout?.opened_at.toISOString() ?? null, teams, myTeam: own ?? null };
}
