import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { RoomState } from '../realtime/room-state.ts';
import { formatDateTime } from '../time/format.ts';
import { InterpretationPicker } from './interpretation-picker.tsx';
import { languageName } from './interpretation.ts';
import { TeamRoomBar } from './team-room-bar.tsx';
import { useLiveMedia } from './use-live-media.ts';
import { VideoTile } from './video-tile.tsx';

type Live = Pick<RoomState, 'teamRooms' | 'teamRoomsClosed' | 'removed' | 'ended'>;

/** Video and audio through LiveKit; chat and questions beside it never depend on it. */
export function MediaStage({ sessionId, timeZone, languages, live }: { sessionId: string; timeZone: string; languages: string[]; live: Live }) {
  const { t, locale } = useI18n();
  const media = useLiveMedia(sessionId, t('error.network'));
  const { state, answer } = media;
  const [backFromTeam, setBackFromTeam] = useState(false);
  const stopped = Boolean(live.removed || live.ended);

  // Removed or ended: leave the media at once; the page says why (SessionPage).
  const { leave, join } = media;
  useEffect(() => {
    if (stopped) leave();
  }, [stopped, leave]);

  // Team rooms closed: whoever is in one goes back to the main room by themselves (once per closing).
  const current = useRef({ inTeam: false, join });
  current.current = { inTeam: Boolean(answer?.team) && (state.kind === 'connected' || state.kind === 'joining'), join };
  useEffect(() => {
    if (!live.teamRoomsClosed || stopped) return;
    setBackFromTeam(true);
    if (current.current.inTeam) void current.current.join({ room: 'main' });
  }, [live.teamRoomsClosed, stopped]);

  const connected = state.kind === 'connected';
  const interpreter = answer?.role === 'interpreter';
  return (
    <section aria-labelledby="media-heading" className="media-stage card">
      <h2 id="media-heading">{answer?.team && connected ? t('teams.inRoom', { team: answer.team.name }) : t('session.media')}</h2>
      {!stopped && (
        <TeamRoomBar
          open={live.teamRooms}
          inTeam={Boolean(answer?.team) && state.kind !== 'idle'}
          onGo={() => {
            setBackFromTeam(false);
            void join({ room: 'team' });
          }}
          onBack={() => void join({ room: 'main' })}
        />
      )}
      {backFromTeam && !live.teamRooms && (
        <p className="notice" role="status">
          {t('teams.closedNotice')}
        </p>
      )}
      {!stopped && (
        <div className="media-controls">
          <label className="toggle">
            <input type="checkbox" checked={media.audioOnly} onChange={(event) => media.setAudioOnly(event.target.checked)} />
            {t('session.audioOnly')}
          </label>
          {connected ? (
            <>
              <button type="button" onClick={() => void media.toggleMicrophone()} aria-pressed={media.microphoneOn}>
                {media.microphoneOn ? t('session.microphoneOff') : t('session.microphoneOn')}
              </button>
              {!interpreter && answer?.role !== 'observer' && (
                <button type="button" onClick={() => void media.toggleCamera()} aria-pressed={media.cameraOn}>
                  {media.cameraOn ? t('session.cameraOff') : t('session.cameraOn')}
                </button>
              )}
              <button type="button" onClick={media.leave}>
                {t('session.leave')}
              </button>
            </>
          ) : (
            <button type="button" className="button-primary" onClick={() => void join({ room: live.teamRooms && answer?.team ? 'team' : 'main' })} disabled={state.kind === 'joining'}>
              {state.kind === 'unreachable' ? t('session.retry') : t('session.joinMedia')}
            </button>
          )}
        </div>
      )}
      {!stopped && !interpreter && <InterpretationPicker languages={answer?.interpretation.languages ?? languages} value={media.language} onChoose={media.chooseLanguage} />}
      {interpreter && answer.interpretation.chosenLanguage && <p className="notice">{t('interpretation.youInterpret', { language: languageName(answer.interpretation.chosenLanguage, locale) })}</p>}
      <div aria-live="polite" className="media-status">
        {state.kind === 'joining' && <p role="status">{t('session.connecting')}</p>}
        {state.kind === 'unreachable' && <p className="notice notice-error">{t('session.mediaUnreachable')}</p>}
        {state.kind === 'not-open' && <p className="notice">{t('session.notOpenYet', { time: state.opensAt ? formatDateTime(state.opensAt, timeZone, locale) : '' })}</p>}
        {state.kind === 'refused' && <p className="notice notice-error">{state.message}</p>}
        {connected && answer?.startMuted && <p className="muted">{t('session.startMuted')}</p>}
        {connected && media.videos.length === 0 && <p className="muted">{media.audioOnly ? t('session.listening') : t('session.noVideo')}</p>}
      </div>
      {!media.audioOnly && media.videos.length > 0 && (
        <div className="video-grid">
          {media.videos.map((video) => (
            <VideoTile key={video.sid} track={video.track} name={video.name} />
          ))}
        </div>
      )}
      <div ref={media.audioRef} hidden />
    </section>
  );
}
