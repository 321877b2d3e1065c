import { useCallback, useEffect, useState } from 'react';
import type { Room } from 'livekit-client';
import { api } from '../api/client.ts';
import type { JoinAnswer } from '../api/types.ts';

export interface LiveTrack {
  sid: string;
  kind: 'audio' | 'video' | string;
  source: string;
  muted: boolean;
}

export interface LiveParticipant {
  personId: string;
  name: string;
  tracks: LiveTrack[];
}

export type StaffRoom = { kind: 'connecting' } | { kind: 'connected'; participants: LiveParticipant[] } | { kind: 'unreachable' };

function snapshot(room: Room): LiveParticipant[] {
  return [...room.remoteParticipants.values()]
    .map((participant) => ({
      personId: participant.identity,
      name: participant.name || participant.identity,
      tracks: [...participant.trackPublications.values()].map((publication) => ({ sid: publication.trackSid, kind: publication.kind, source: publication.source, muted: publication.isMuted })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The monitor's own view of the LiveKit room: connected as staff, subscribing to nothing (it only
 * lists who publishes which track, so a moderator can mute one). Unreachable means the caller falls
 * back to the Socket.IO presence list.
 */
export function useStaffRoom(sessionId: string): { room: StaffRoom; retry: () => void } {
  const [room, setRoom] = useState<StaffRoom>({ kind: 'connecting' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current: Room | undefined;
    let cancelled = false;
    void (async () => {
      try {
        const answer = await api.post<JoinAnswer>(`/api/sessions/${sessionId}/join`, { room: 'main' });
        const { Room, RoomEvent } = await import('livekit-client');
        current = new Room({ adaptiveStream: false, dynacast: false });
        const refresh = () => !cancelled && current && setRoom({ kind: 'connected', participants: snapshot(current) });
        for (const event of [RoomEvent.ParticipantConnected, RoomEvent.ParticipantDisconnected, RoomEvent.TrackPublished, RoomEvent.TrackUnpublished, RoomEvent.TrackMuted, RoomEvent.TrackUnmuted]) current.on(event, refresh);
        current.on(RoomEvent.Disconnected, () => !cancelled && setRoom({ kind: 'unreachable' }));
        await current.connect(answer.serverUrl, answer.token, { autoSubscribe: false, maxRetries: 1 });
        refresh();
      } catch {
        if (!cancelled) setRoom({ kind: 'unreachable' });
      }
    })();
    return () => {
      cancelled = true;
      void current?.disconnect();
    };
  }, [sessionId, round]);
  const retry = useCallback(() => {
    setRoom({ kind: 'connecting' });
    setRound((r) => r + 1);
  }, []);
  return { room, retry };
}
