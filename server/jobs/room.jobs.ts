import type { Config } from '../config.ts';
import { enqueueMany, type Queues } from './registry.ts';

export const openRoomJobId = (sessionId: string, sequence: number) => `session_${sessionId}.seq_${sequence}.open-room`;
export const closeRoomJobId = (sessionId: string, sequence: number) => `session_${sessionId}.seq_${sequence}.close-room`;

export interface RoomSchedule {
  id: string;
  startsAt: Date;
  endsAt: Date;
  sequence: number;
  status: string;
}

/** The room of a session opens a lead time before it starts and closes a grace period after it ends. */
export function roomJobsFor(session: RoomSchedule, config: Pick<Config, 'ROOM_LEAD_MINUTES' | 'ROOM_GRACE_MINUTES'>, now: Date) {
  const payload = { sessionId: session.id, sequence: session.sequence };
  const closeAt = session.endsAt.getTime() + config.ROOM_GRACE_MINUTES * 60_000;
  const close = { name: 'close-room' as const, jobId: closeRoomJobId(session.id, session.sequence), payload, delay: Math.max(0, closeAt - now.getTime()) };
  if (session.status === 'cancelled') return { open: undefined, close: { ...close, delay: 0 } };
  const openAt = session.startsAt.getTime() - config.ROOM_LEAD_MINUTES * 60_000;
  return { open: { name: 'open-room' as const, jobId: openRoomJobId(session.id, session.sequence), payload, delay: Math.max(0, openAt - now.getTime()) }, close };
}

export async function scheduleRoomJobs(queues: Queues, sessions: RoomSchedule[], config: Pick<Config, 'ROOM_LEAD_MINUTES' | 'ROOM_GRACE_MINUTES'>, now: Date) {
  const jobs = sessions.map((s) => roomJobsFor(s, config, now));
  await enqueueMany(queues, 'open-room', jobs.flatMap((j) => (j.open ? [j.open] : [])));
  await enqueueMany(queues, 'close-room', jobs.map((j) => j.close));
}
