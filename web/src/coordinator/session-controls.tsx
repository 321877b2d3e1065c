import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { TeamRooms } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

function EndSession({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const end = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.post(`/api/sessions/${sessionId}/moderation/end`, reason.trim() ? { reason: reason.trim() } : {});
      setConfirming(false);
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  if (!confirming) {
    return (
      <button type="button" className="button-danger" onClick={() => setConfirming(true)}>
        {t('moderation.end')}
      </button>
    );
  }
  return (
    <form onSubmit={(event) => void end(event)} className="stack confirm" aria-labelledby={`${id}-question`}>
      <p id={`${id}-question`}>
        <strong>{t('moderation.endQuestion')}</strong>
      </p>
      <label htmlFor={`${id}-reason`}>{t('moderation.endReason')}</label>
      <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      <div className="inline-form">
        <button type="submit" className="button-danger">
          {t('moderation.endConfirm')}
        </button>
        <button type="button" onClick={() => setConfirming(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

/** Team rooms and the end of the session: the actions that move everyone at once. */
export function SessionControls({ sessionId, teamRooms, ended, onAction }: { sessionId: string; teamRooms: TeamRooms | null; ended: boolean; onAction: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (path: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/sessions/${sessionId}/${path}`);
      onAction();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="controls-heading" className="panel card">
      <h2 id="controls-heading">{t('moderation.controls')}</h2>
      {ended ? (
        <p className="notice">{t('session.ended')}</p>
      ) : (
        <>
          <p aria-live="polite">{teamRooms ? t('teams.openNow', { names: teamRooms.teams.map((team) => team.name).join(', ') }) : t('teams.mainOnly')}</p>
          <div className="inline-form">
            <button type="button" disabled={busy} onClick={() => void run('team-rooms/open')}>
              {t('teams.open')}
            </button>
            <button type="button" disabled={busy} onClick={() => void run('team-rooms/close')}>
              {t('teams.close')}
            </button>
          </div>
          <ErrorMessage error={error} />
          <EndSession sessionId={sessionId} onDone={onAction} />
        </>
      )}
    </section>
  );
}
