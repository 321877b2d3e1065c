import { api } from '../api/client.ts';
import type { ModerationEntry } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { formatTime } from '../time/format.ts';

const knownActions = ['remove_participant', 'mute_track', 'end_session', 'open_team_rooms', 'close_team_rooms'];

/** Every moderation action of the session: what, to whom, by whom, when (re-read after each action here). */
export function ModerationLog({ sessionId, version, timeZone }: { sessionId: string; version: number; timeZone: string }) {
  const { t, locale } = useI18n();
  const log = useLoad(() => api.get<{ items: ModerationEntry[] }>(`/api/sessions/${sessionId}/moderation`), [sessionId, version]);
  return (
    <section aria-labelledby="log-heading" className="panel card">
      <h2 id="log-heading">{t('moderation.log')}</h2>
      <ErrorMessage error={log.error} />
      {log.data?.items.length === 0 && <p className="muted">{t('moderation.logEmpty')}</p>}
      <ol className="plain moderation-log">
        {log.data?.items.map((entry) => (
          <li key={entry.id} data-action={entry.action}>
            <time dateTime={entry.at}>{formatTime(entry.at, timeZone, locale)}</time>{' '}
            {t('moderation.logLine', {
              by: entry.by.name,
              action: knownActions.includes(entry.action) ? t(`moderation.action.${entry.action}` as MessageKey) : entry.action,
              target: entry.target?.name ?? '',
            })}
            {entry.reason && <span className="muted"> — {entry.reason}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
