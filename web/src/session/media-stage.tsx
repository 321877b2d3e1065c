import { useEffect, useRef, useState } from 'react';
import type { Room, RemoteTrack } from 'livekit-client';
import { api, ApiError } from '../api/client.ts';
import type { JoinAnswer } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../time/format.ts';
import { VideoTile } from './video-tile.tsx';

type MediaState =
  | { kind: 'idle' }
  | { kind: 'joining' }
  | { kind: 'connected' }
  | { kind: 'not-open'; opensAt: string | undefined }
  | { kind: 'unreachable' }
  | { kind: 'refused'; message: string };

/** Video and audio through LiveKit; chat and questions beside it never depend on it. */
export function MediaStage({ sessionId, timeZone }: { sessionId: string; timeZone: string }) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<MediaState>({ kind: 'idle' });
  const [audioOnly, setAudioOnly] = useState(false);
  const [videos, setVideos] = useState<{ sid: string; track: RemoteTrack; name: string }[]>([]);
  const [microphoneOn, setMicrophoneOn] = useState(false);
  const roomRef = useRef<Room | undefined>(undefined);
  const audioRef = useRef<HTMLDivElement>(null);
  const audioOnlyRef = useRef(audioOnly);
  audioOnlyRef.current = audioOnly;

  useEffect(() => () => void roomRef.current?.disconnect(), []);

  useEffect(() => {
    const room = roomRef.current;
    if (!room) return;
    // Audio-only mode unsubscribes every camera and screen: nothing but sound crosses a weak link.
    for (const participant of room.remoteParticipants.values()) {
      for (const publication of participant.videoTrackPublications.values()) publication.setSubscribed(!audioOnly);
    }
  }, [audioOnly, state.kind]);

  const join = async () => {
    setState({ kind: 'joining' });
    let answer: JoinAnswer;
    try {
      answer = await api.post<JoinAnswer>(`/api/sessions/${sessionId}/join`);
    } catch (error) {
      if (error instanceof ApiError && error.problem['reason'] === 'not_open_yet') setState({ kind: 'not-open', opensAt: error.problem['opensAt'] as string | undefined });
      else setState({ kind: 'refused', message: error instanceof ApiError ? error.message : t('error.network') });
      return;
    }
    try {
      const { Room, RoomEvent, Track } = await import('livekit-client');
      const room = new Room({ adaptiveStream: true, dynacast: true });
      roomRef.current = room;
      room
        .on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
          if (track.kind === Track.Kind.Audio) {
            audioRef.current?.append(track.attach());
          } else {
            setVideos((list) => [...list.filter((v) => v.sid !== publication.trackSid), { sid: publication.trackSid, track, name: participant.name ?? participant.identity }]);
          }
        })
        .on(RoomEvent.TrackUnsubscribed, (track, publication) => {
          track.detach().forEach((element) => element.remove());
          setVideos((list) => list.filter((v) => v.sid !== publication.trackSid));
        })
        .on(RoomEvent.TrackPublished, (publication) => {
          if (publication.kind === Track.Kind.Video && audioOnlyRef.current) publication.setSubscribed(false);
        })
        .on(RoomEvent.Disconnected, () => {
          setVideos([]);
          setState({ kind: 'idle' });
        });
      await room.connect(answer.serverUrl, answer.token, { maxRetries: 1 });
      setState({ kind: 'connected' });
    } catch {
      roomRef.current = undefined;
      setState({ kind: 'unreachable' });
    }
  };

  const toggleMicrophone = async () => {
    const room = roomRef.current;
    if (!room) return;
    await room.localParticipant.setMicrophoneEnabled(!microphoneOn);
    setMicrophoneOn(!microphoneOn);
  };

  return (
    <section aria-labelledby="media-heading" className="media-stage card">
      <h2 id="media-heading">{t('session.media')}</h2>
      <div className="media-controls">
        <label className="toggle">
          <input type="checkbox" checked={audioOnly} onChange={(event) => setAudioOnly(event.target.checked)} />
          {t('session.audioOnly')}
        </label>
        {state.kind === 'connected' ? (
          <>
            <button type="button" onClick={() => void toggleMicrophone()} aria-pressed={microphoneOn}>
              {microphoneOn ? t('session.microphoneOff') : t('session.microphoneOn')}
            </button>
            <button type="button" onClick={() => void roomRef.current?.disconnect()}>
              {t('session.leave')}
            </button>
          </>
        ) : (
          <button type="button" className="button-primary" onClick={() => void join()} disabled={state.kind === 'joining'}>
            {state.kind === 'unreachable' ? t('session.retry') : t('session.joinMedia')}
          </button>
        )}
      </div>
      <div aria-live="polite" className="media-status">
        {state.kind === 'joining' && <p role="status">{t('session.connecting')}</p>}
        {state.kind === 'unreachable' && <p className="notice notice-error">{t('session.mediaUnreachable')}</p>}
        {state.kind === 'not-open' && <p className="notice">{t('session.notOpenYet', { time: state.opensAt ? formatDateTime(state.opensAt, timeZone, locale) : '' })}</p>}
        {state.kind === 'refused' && <p className="notice notice-error">{state.message}</p>}
        {state.kind === 'connected' && videos.length === 0 && <p className="muted">{audioOnly ? t('session.listening') : t('session.noVideo')}</p>}
      </div>
      {!audioOnly && videos.length > 0 && (
        <div className="video-grid">
          {videos.map((video) => (
            <VideoTile key={video.sid} track={video.track} name={video.name} />
          ))}
        </div>
      )}
      <div ref={audioRef} hidden />
      <p className="muted small">{t('placeholder.interpretation')}</p>
    </section>
  );
}
