/** The Socket.IO contract, shared with the web app through `import type`. */
export type Ack<T> = (answer: { data: T } | { error: { code: string; message: string } }) => void;

export interface ClientToServerEvents {
  'health:check': (payload: { echo?: string }, ack: Ack<{ echo: string | null; personId: string; serverTime: string }>) => void;
}

export interface ServerToClientEvents {
  'session:ended': (payload: { reason: string }) => void;
}

export interface SocketData {
  personId: string;
  staffRole: 'admin' | 'coordinator' | null;
  authSessionId: string;
}
