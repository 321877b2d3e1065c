import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { WebhookEvent } from 'livekit-server-sdk';
import type { AttendanceEvidenceTable, Database, EvidenceKind } from '../../db/schema.ts';
import { teamRoomName, liveRoomName, parseRoomName } from '../../livekit/tokens.ts';
import type { LiveRooms } from '../../livekit/rooms.ts';
import type { Logger } from '../../logger.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** LiveKit's int64 seconds (a bigint or a numeric string in JSON) as a Date; 0 means "not given". */
export const fromSeconds = (seconds: bigint | number | string | undefined): Date | null => (seconds && Number(seconds) > 0 ? new Date(Number(seconds) * 1000) : null);

const kindOf: Partial<Record<string, EvidenceKind>> = {
  participant_joined: 'joined',
  participant_left: 'left',
  participant_connection_aborted: 'left',
  room_started: 'room_started',
  room_finished: 'room_finished',
};

/** The attendance evidence one webhook carries (none for events that say nothing about presence). */
export function evidenceFromEvent(event: WebhookEvent, eventId: string, createdAt: Date): Insertable<AttendanceEvidenceTable>[] {
  const kind = kindOf[event.event];
  const roomName = event.room?.name ?? '';
  const room = parseRoomName(roomName);
  if (!kind || !room) return [];
  const base = { session_id: room.sessionId, source: 'webhook' as const, kind, at: createdAt, room_name: roomName, ref: eventId };
  if (kind === 'room_started' || kind === 'room_finished') return [{ ...base, person_id: null, participant_sid: null, joined_at: null }];
  const participant = event.participant;
  if (!participant || !UUID.test(participant.identity)) return [];
  return [{ ...base, person_id: participant.identity, participant_sid: participant.sid || null, joined_at: fromSeconds(participant.joinedAt) }];
}

/** Only people we know: LiveKit identities are person ids, and anything else is not attendance. */
async function knownPeople(db: Kysely<Database>, rows: Insertable<AttendanceEvidenceTable>[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])))];
  const sessionIds = [...new Set(rows.map((r) => r.session_id))];
  if (sessionIds.length === 0) return rows;
  const [people, sessions] = await Promise.all([
    ids.length ? db.selectFrom('people').select('id').where('id', 'in', ids).execute() : [],
    db.selectFrom('sessions').select('id').where('id', 'in', sessionIds).execute(),
  ]);
  const person = new Set(people.map((p) => p.id));
  const session = new Set(sessions.map((s) => s.id));
  return rows.filter((r) => session.has(r.session_id) && (!r.person_id || person.has(r.person_id)));
}

export async function insertEvidence(db: Kysely<Database>, rows: Insertable<AttendanceEvidenceTable>[]): Promise<number> {
  const kept = await knownPeople(db, rows);
  if (kept.length === 0) return 0;
  const result = await db
    .insertInto('attendance_evidence')
    .values(kept)
    .onConflict((oc) => oc.constraint('attendance_evidence_once').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Turns one stored webhook into evidence; running it twice changes nothing. */
export async function processLivekitEvent(db: Kysely<Database>, eventId: string, now: Date, parse: (json: unknown) => WebhookEvent) {
  const stored = await db.selectFrom('livekit_events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!stored) return { skipped: 'unknown event' };
  const event = parse(stored.body);
  const inserted = await insertEvidence(db, evidenceFromEvent(event, stored.id, stored.created_at));
  await db.updateTable('livekit_events').set({ processed_at: now }).where('id', '=', eventId).where('processed_at', 'is', null).execute();
  return { event: stored.event, evidence: inserted };
}

/** The rooms of sessions that are open now: each main room and the team rooms of an open breakout. */
async function roomsToPoll(db: Kysely<Database>) {
  const open = await db
    .selectFrom('live_rooms')
    .innerJoin('sessions', 'sessions.id', 'live_rooms.session_id')
    .select(['sessions.id', 'sessions.cohort_id'])
    .where('live_rooms.opened_at', 'is not', null)
    .where('live_rooms.closed_at', 'is', null)
    .execute();
  if (open.length === 0) return [];
  const teams = await db
    .selectFrom('breakouts')
    .innerJoin('sessions', 'sessions.id', 'breakouts.session_id')
    .innerJoin('teams', 'teams.cohort_id', 'sessions.cohort_id')
    .select(['breakouts.session_id', 'teams.id as team_id'])
    .where('breakouts.session_id', 'in', open.map((s) => s.id))
    .where('breakouts.closed_at', 'is', null)
    .execute();
  return [
    ...open.map((s) => ({ sessionId: s.id, roomName: liveRoomName(s.id) })),
    ...teams.map((t) => ({ sessionId: t.session_id, roomName: teamRoomName(t.session_id, t.team_id) })),
  ];
}

/**
 * Asks LiveKit who is connected to every open room and records it: each connection seen (with
 * LiveKit's join time), and the poll itself, whose silence about a connection proves it had left.
 * A room LiveKit cannot be asked about records nothing: no answer is not evidence of absence.
 */
export async function pollLiveRooms(deps: { db: Kysely<Database>; liveRooms: LiveRooms; logger: Logger }, now: Date) {
  const rooms = await roomsToPoll(deps.db);
  let seen = 0;
  let failed = 0;
  for (const room of rooms) {
    let participants;
    try {
      participants = await deps.liveRooms.listParticipants(room.roomName);
    } catch (error) {
      failed += 1;
      deps.logger.warn({ err: error, room: room.roomName }, 'could not poll a LiveKit room');
      continue;
    }
    const ref = `poll_${randomUUID()}`;
    const base = { session_id: room.sessionId, source: 'poll' as const, at: now, room_name: room.roomName, ref };
    const rows: Insertable<AttendanceEvidenceTable>[] = [
      { ...base, kind: 'poll', person_id: null, participant_sid: null, joined_at: null },
      ...participants
        .filter((p) => UUID.test(p.identity))
        .map((p) => ({ ...base, kind: 'seen' as const, person_id: p.identity, participant_sid: p.sid, joined_at: p.joinedAt })),
    ];
    seen += participants.length;
    await insertEvidence(deps.db, rows);
  }
  return { rooms: rooms.length, seen, failed };
}
