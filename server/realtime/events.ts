import type { CommandInput, CommandName } from '../domain/discussion/discussion.schemas.ts';
import type { RoomEvent } from '../domain/discussion/room-events.repository.ts';

/** The Socket.IO contract, shared with the web app through `import type`. */
export type Ack<T> = (answer: { data: T } | { error: { code: string; message: string } }) => void;

export type ClientToServerEvents = {
  'health:check': (payload: { echo?: string }, ack: Ack<{ echo: string | null; personId: string; serverTime: string }>) => void;
} & { [N in CommandName]: (payload: CommandInput<N>, ack: Ack<unknown>) => void };

/** Pushes, past tense; every room event carries its room's gap-free sequence. */
export interface ServerToClientEvents {
  'chat:sent': (event: RoomEvent) => void;
  'chat:edited': (event: RoomEvent) => void;
  'chat:deleted': (event: RoomEvent) => void;
  'chat:hidden': (event: RoomEvent) => void;
  'qa:asked': (event: RoomEvent) => void;
  'qa:voted': (event: RoomEvent) => void;
  'qa:updated': (event: RoomEvent) => void;
  /** To moderators only: a question of a pre-moderated session waiting for approval (not a room event). */
  'qa:submitted': (payload: { question: unknown }) => void;
  'hand:raised': (event: RoomEvent) => void;
  'hand:lowered': (event: RoomEvent) => void;
  'poll:opened': (event: RoomEvent) => void;
  'poll:voted': (event: RoomEvent) => void;
  'poll:closed': (event: RoomEvent) => void;
  /** To moderators only: the live counts after each ballot (the room hears only how many voted). */
  'poll:tally': (payload: { pollId: string; counts: number[]; voters: number }) => void;
  'session:ended': (payload: { reason: string }) => void;
  /** To one person: a moderator removed them from the session. */
  'live:removed': (payload: { sessionId: string; reason: string | null }) => void;
  /** Team rooms opened: each participant asks for a token to their own team's room. */
  'teams:opened': (payload: { sessionId: string; breakoutId: string; teams: { id: string; name: string }[] }) => void;
  /** To the session's moderators: a moderation action was recorded (re-read GET /api/sessions/:id/moderation). */
  'moderation:recorded': (payload: { sessionId: string; id: string; action: string; at: string }) => void;
  /** Everyone back to the main room. */
  'teams:closed': (payload: { sessionId: string; breakoutId: string }) => void;
  /** To the staff channel, from the worker: how far a cohort's certificate issuance has got. */
  'certificates:progress': (payload: { runId: string; cohortId: string; done: number; total: number; failed: number; status: 'running' | 'done' }) => void;
  /** To the staff channel, from the worker: one outbox message changed state. */
  'delivery:updated': (payload: { notificationId: string; cohortId: string; personId: string; kind: string; state: string; attempts: number }) => void;
}

export interface SocketData {
  personId: string;
  staffRole: 'admin' | 'coordinator' | null;
  authSessionId: string;
}
