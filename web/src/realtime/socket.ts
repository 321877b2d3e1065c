import { io, type Socket } from 'socket.io-client';
import type { CommandInput, CommandName } from '../../../server/domain/discussion/discussion.schemas.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/realtime/events.ts';

export type DiscussionSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AckAnswer = { data: unknown } | { error: { code: string; message: string } };

/** A refused command, with the server's error code (`rate_limited`, `forbidden`, ...). */
export class CommandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}

/** The same origin and the same sign-in cookie as the page; Socket.IO reconnects by itself. */
export function connectDiscussion(): DiscussionSocket {
  return io({ withCredentials: true });
}

/** Sends a command and resolves with its acknowledged data, or rejects with its error. */
export async function command<T, N extends CommandName = CommandName>(socket: DiscussionSocket, event: N, payload: CommandInput<N>): Promise<T> {
  const emitter = socket.timeout(15_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<AckAnswer> };
  const answer = await emitter.emitWithAck(event, payload);
  if ('error' in answer) throw new CommandError(answer.error.code, answer.error.message);
  return answer.data as T;
}
