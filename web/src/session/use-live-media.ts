import { useCallback, useEffect, useRef, useState } from 'react';
import type { RemoteTrack, Room } from 'livekit-client';
import { api, ApiError } from '../api/client.ts';
import type { JoinAnswer, JoinRequest } from '../api/types.ts';
import { interpretedLanguage, listeningFor } from './interpretation.ts';

export type MediaState =
  | { kind: 'idle' }
  | { kind: 'joining' }
  | { kind: 'connected' }
  | { kind: 'not-open'; opensAt: string | undefined }
  | { kind: 'unreachable' }
  | { kind: 'refused'; message: string };

export interface VideoFeed {
  sid: string;
  track: RemoteTrack;
  name: string;
}

/** Applies the listener's language to every remote microphone in the room. */
function applyListening(room: Room, answer: JoinAnswer | undefined, chosen: string | null) {
  const channels = answer?.interpretation.channels ?? [];
  for (const participant of room.remoteParticipants.values()) {
    const plan = listeningFor(interpretedLanguage(participant, channels), chosen);
    for (const publication of participant.audioTrackPublications.values()) {
      if (publication.isSubscribed !== plan.subscribe) publication.setSubscribed(plan.subscribe);
    }
    participant.setVolume(plan.volume);
  }
}

/**
 * The LiveKit side of the session page: joins the main room or the caller's team room with a fresh
 * token, plays audio at the volumes the chosen interpretation language asks for, and reports plainly
 * when the media server cannot be reached. A connected room keeps itself alive; a new token is asked
 * for only to connect again.
 */
export function useLiveMedia(sessionId: string, networkError: string) {
  const [state, setState] = useState<MediaState>({ kind: 'idle' });
  const [answer, setAnswer] = useState<JoinAnswer>();
  const [videos, setVideos] = useState<VideoFeed[]>([]);
  const [language, setLanguage] = useState<string | null | undefined>(undefined);
  const [audioOnly, setAudioOnly] = useState(false);
  const [microphoneOn, setMicrophoneOn] = useState(false);
  const [cameraOn, setCameraOn] = useState(false);
  const roomRef = useRef<Room | undefined>(undefined);
  const audioRef = useRef<HTMLDivElement>(null);
  const live = useRef({ audioOnly, answer, language: language ?? null });
  live.current = { audioOnly, answer, language: language ?? null };

  const leave = useCallback(() => {
    const room = roomRef.current;
    roomRef.current = undefined;
    setVideos([]);
    setMicrophoneOn(false);
    setCameraOn(false);
    void room?.disconnect();
  }, []);
  useEffect(() => leave, [leave]);

  useEffect(() => {
    const room = roomRef.current;
    if (!room) return;
    // Audio-only mode unsubscribes every camera and screen: nothing but sound crosses a weak link.
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.videoTrackPublications.values()) publication.setSubscribed(!audioOnly);
    }
  }, [audioOnly, state.kind]);

  useEffect(() => {
    if (roomRef.current) applyListening(roomRef.current, answer, language ?? null);
  }, [answer, language, state.kind]);

  const join = useCallback(
    async (request: Pick<JoinRequest, 'room'> = {}) => {
      leave();
      setState({ kind: 'joining' });
      let joined: JoinAnswer;
      try {
        const chosen = live.current.language;
        const body: JoinRequest = { ...request, ...(language !== undefined && { language: chosen }) };
        joined = await api.post<JoinAnswer>(`/api/sessions/${sessionId}/join`, body);
      } catch (error) {
        if (error instanceof ApiError && error.problem['reason'] === 'not_open_yet') setState({ kind: 'not-open', opensAt: error.problem['opensAt'] as string | undefined });
        else setState({ kind: 'refused', message: error instanceof ApiError ? error.message : networkError });
        return;
      }
      setAnswer(joined);
      setLanguage(joined.interpretation.chosenLanguage);
      try {
        const { Room, RoomEvent, Track, DisconnectReason } = await import('livekit-client');
        const room = new Room({ adaptiveStream: true, dynacast: true });
        roomRef.current = room;
        room
          .on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
            if (track.kind === Track.Kind.Audio) {
              audioRef.current?.append(track.attach());
              applyListening(room, live.current.answer, live.current.language);
            } else {
              setVideos((list) => [...list.filter((v) => v.sid !== publication.trackSid), { sid: publication.trackSid, track, name: participant.name ?? participant.identity }]);
            }
          })
          .on(RoomEvent.TrackUnsubscribed, (track, publication) => {
            track.detach().forEach((element) => element.remove());
            setVideos((list) => list.filter((v) => v.sid !== publication.trackSid));
          })
          .on(RoomEvent.TrackPublished, (publication) => {
            if (publication.kind === Track.Kind.Video && live.current.audioOnly) publication.setSubscribed(false);
            if (publication.kind === Track.Kind.Audio) applyListening(room, live.current.answer, live.current.language);
          })
          .on(RoomEvent.ParticipantAttributesChanged, () => applyListening(room, live.current.answer, live.current.language))
          .on(RoomEvent.Disconnected, (reason) => {
            if (roomRef.current !== room) return; // a room this page already left on purpose
            roomRef.current = undefined;
            setVideos([]);
            setState({ kind: 'idle' });
            // LiveKit gave up reconnecting by itself: connect again once, with a fresh token (the old one may have expired).
            const deliberate = reason === DisconnectReason.CLIENT_INITIATED || reason === DisconnectReason.PARTICIPANT_REMOVED || reason === DisconnectReason.ROOM_DELETED || reason === DisconnectReason.DUPLICATE_IDENTITY;
            if (!deliberate) void join({ room: live.current.answer?.team ? 'team' : 'main' });
          });
        await room.connect(joined.serverUrl, joined.token, { maxRetries: 1, autoSubscribe: true });
        applyListening(room, joined, joined.interpretation.chosenLanguage);
        // Everyone starts with microphone and camera off; `startMuted` sessions also say so (see MediaStage).
        setState({ kind: 'connected' });
      } catch {
        roomRef.current = undefined;
        setState({ kind: 'unreachable' });
      }
    },
    [sessionId, leave, networkError, language],
  );

  /** Remembered on the server for the whole programme when there is a join to carry it, else on the next join. */
  const chooseLanguage = useCallback(
    async (next: string | null) => {
      setLanguage(next);
      if (!answer) return;
      const remembered = await api.post<JoinAnswer>(`/api/sessions/${sessionId}/join`, { language: next, room: answer.team ? 'team' : 'main' });
      setAnswer((current) => (current ? { ...current, interpretation: remembered.interpretation } : remembered));
    },
    [answer, sessionId],
  );

  const toggleMicrophone = useCallback(async () => {
    await roomRef.current?.localParticipant.setMicrophoneEnabled(!microphoneOn);
    setMicrophoneOn(!microphoneOn);
  }, [microphoneOn]);
  const toggleCamera = useCallback(async () => {
    await roomRef.current?.localParticipant.setCameraEnabled(!cameraOn);
    setCameraOn(!cameraOn);
  }, [cameraOn]);

  const stop = useCallback(() => {
    leave();
    setState({ kind: 'idle' });
  }, [leave]);

  return { state, answer, videos, language, audioOnly, setAudioOnly, microphoneOn, cameraOn, audioRef, join, leave: stop, chooseLanguage, toggleMicrophone, toggleCamera };
}
