import { RoomServiceClient } from 'livekit-server-sdk';
import type { Config } from '../config.ts';

export interface LiveRooms {
  /** Creates the room, or leaves an existing one as it is. */
  ensureRoom(name: string, options: { emptyTimeoutSeconds: number; maxParticipants: number }): Promise<void>;
  /** Deletes the room; a room that is already gone is not an error. */
  deleteRoom(name: string): Promise<void>;
}

export function createLiveRooms(config: Pick<Config, 'LIVEKIT_URL' | 'LIVEKIT_API_KEY' | 'LIVEKIT_API_SECRET'>): LiveRooms {
  // Key and secret passed explicitly: the SDK would otherwise read ambient variables.
  const client = new RoomServiceClient(config.LIVEKIT_URL, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
  return {
    async ensureRoom(name, options) {
      await client.createRoom({ name, emptyTimeout: options.emptyTimeoutSeconds, maxParticipants: options.maxParticipants });
    },
    async deleteRoom(name) {
      try {
        await client.deleteRoom(name);
      } catch (error) {
        if ((error as { code?: string; status?: number }).status === 404 || /not.?found/i.test(String((error as Error).message))) return;
        throw error;
      }
    },
  };
}
