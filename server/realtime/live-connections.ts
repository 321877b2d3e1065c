import type { Server } from 'socket.io';
import { roomNames } from '../domain/discussion/room-access.ts';

/**
 * What HTTP routes may ask of live sockets. The Socket.IO server of this process attaches itself at
 * start; through the Redis adapter its commands reach the sockets of every server process.
 */
export interface LiveConnections {
  attach(io: Server): void;
  disconnectPerson(personId: string): void;
  disconnectAuthSession(authSessionId: string): void;
}

export const authSessionRoom = (authSessionId: string) => `auth:${authSessionId}`;

export function createLiveConnections(): LiveConnections {
  let server: Server | undefined;
  return {
    attach(io) {
      server = io;
    },
    // A process without Socket.IO (the worker, a test of the HTTP app alone) holds no sockets to close.
    disconnectPerson(personId) {
      server?.in(roomNames.person(personId)).disconnectSockets(true);
    },
    disconnectAuthSession(authSessionId) {
      server?.in(authSessionRoom(authSessionId)).disconnectSockets(true);
    },
  };
}
