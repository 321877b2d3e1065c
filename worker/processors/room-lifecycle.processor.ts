import { DelayedError } from 'bullmq';
import type { Deps } from '../../server/deps.ts';
import { enqueue, type JobPayload } from '../../server/jobs/registry.ts';
import { liveRoomName } from '../../server/livekit/tokens.ts';
import type { JobHandle } from '../registry.ts';

async function currentSession(deps: Deps, sessionId: string) {
  return deps.db.selectFrom('sessions').select(['id', 'starts_at', 'ends_at', 'sequence', 'status']).where('id', '=', sessionId).executeTakeFirst();
}

/** Opens the session's room; a moved or cancelled session's old job does nothing. */
export async function openRoom(deps: Deps, payload: JobPayload<'open-room'>, { job, token }: JobHandle) {
  const session = await currentSession(deps, payload.sessionId);
  if (!session || session.sequence !== payload.sequence || session.status === 'cancelled') return { skipped: 'the session changed or was cancelled' };
  const now = deps.clock.now();
  const openAt = session.starts_at.getTime() - deps.config.ROOM_LEAD_MINUTES * 60_000;
  if (now.getTime() < openAt) {
    await job.moveToDelayed(Date.now() + (openAt - now.getTime()), token);
    throw new DelayedError();
  }
  if (now >= session.ends_at) return { skipped: 'the session is over' };
  const name = liveRoomName(session.id);
  await deps.liveRooms.ensureRoom(name, { emptyTimeoutSeconds: deps.config.ROOM_GRACE_MINUTES * 60, maxParticipants: deps.config.ROOM_MAX_PARTICIPANTS });
  await deps.db
    .insertInto('live_rooms')
    .values({ session_id: session.id, room_name: name, opened_at: now })
    .onConflict((oc) => oc.column('session_id').doUpdateSet({ opened_at: now, closed_at: null }))
    .execute();
  return { opened: name };
}

/** Closes the room after the end plus the grace period, or at once for a cancelled session. */
export async function closeRoom(deps: Deps, payload: JobPayload<'close-room'>, { job, token }: JobHandle) {
  const session = await currentSession(deps, payload.sessionId);
  if (session && session.sequence !== payload.sequence) return { skipped: 'the session changed; its new jobs decide' };
  const now = deps.clock.now();
  if (session && session.status !== 'cancelled') {
    const closeAt = session.ends_at.getTime() + deps.config.ROOM_GRACE_MINUTES * 60_000;
    if (now.getTime() < closeAt) {
      await job.moveToDelayed(Date.now() + (closeAt - now.getTime()), token);
      throw new DelayedError();
    }
  }
  const name = liveRoomName(payload.sessionId);
  await deps.liveRooms.deleteRoom(name);
  if (session) await deps.db.updateTable('live_rooms').set({ closed_at: now }).where('session_id', '=', session.id).where('closed_at', 'is', null).execute();
  if (session && session.status !== 'cancelled') {
    // The session took place and its attendance is final now: whoever became at risk hears what they still need.
    const { cohort_id: cohortId } = await deps.db.selectFrom('sessions').select('cohort_id').where('id', '=', session.id).executeTakeFirstOrThrow();
    await enqueue(deps.queues, 'evaluate-completion', { cohortId }, { jobId: `cohort_${cohortId}.after_${session.id}.seq_${session.sequence}` });
  }
  return { closed: name };
}
