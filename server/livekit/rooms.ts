import { RoomServiceClient } from 'livekit-server-sdk';
import type { Config } from '../config.ts';

/** One connection of a person to a room, as LiveKit's RoomService reports it. */
export interface RoomParticipant {
  sid: string;
  identity: string;
  /** When this connection joined, from LiveKit's clock. */
  joinedAt: Date;
  tracks: { sid: string; source: string; muted: boolean; name: string }[];
}

export interface LiveRooms {
  /** Creates the room, or leaves an existing one as it is. */
  ensureRoom(name: string, options: { emptyTimeoutSeconds: number; maxParticipants: number }): Promise<void>;
  /** Deletes the room, disconnecting everyone in it; a room that is already gone is not an error. */
  deleteRoom(name: string): Promise<void>;
  /** Who is connected now; a room that does not exist has nobody in it. */
  listParticipants(room: string): Promise<RoomParticipant[]>;
  /** Disconnects a person; someone who is not there is not an error (false). */
  removeParticipant(room: string, identity: string): Promise<boolean>;
  /** Mutes (or unmutes) one published track; a track (or person, or room) that is not there is false. */
  mutePublishedTrack(room: string, identity: string, trackSid: string, muted: boolean): Promise<boolean>;
}

/** Twirp answers a missing room or participant with `not_found` (HTTP 404). */
function isNotFound(error: unknown): boolean {
  const { status, code } = error as { status?: number; code?: string };
  return status === 404 || code === 'not_found' || /not.?found|does not exist/i.test(String((error as Error).message));
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
        if (!isNotFound(error)) throw error;
      }
    },
    async listParticipants(room) {
      try {
        const participants = await client.listParticipants(room);
        return participants.map((p) => ({
          sid: p.sid,
          identity: p.identity,
          joinedAt: new Date(Number(p.joinedAt) * 1000),
          tracks: p.tracks.map((t) => ({ sid: t.sid, source: String(t.source), muted: t.muted, name: t.name })),
        }));
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },
    async removeParticipant(room, identity) {
      try {
        await client.removeParticipant(room, identity);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    async mutePublishedTrack(room, identity, trackSid, muted) {
      try {
        await client.mutePublishedTrack(room, identity, trackSid, muted);
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
  };
}
