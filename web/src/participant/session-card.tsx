import type { MySession } from '../api/types.ts';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { formatDayTime, formatDuration, formatTime, localIso, zoneLabel } from '../time/format.ts';
import { joinStateOf } from './join-window.ts';

function JoinOrCountdown({ session, now }: { session: MySession; now: number }) {
  const { t, locale } = useI18n();
  const state = joinStateOf({ startsAt: session.start.utc, endsAt: session.end.utc, status: session.status, joinOpensAt: session.joinOpensAt }, now);
  switch (state.kind) {
    case 'open':
      return (
        <Link to={`/sessions/${session.id}`} className="button button-primary">
          {t('programme.join')}
        </Link>
      );
    case 'countdown':
      return (
        <p className="countdown">
          <span>{t('programme.opensIn', { time: formatDuration(state.opensAt - now, locale) })}</span>{' '}
          <Link to={`/sessions/${session.id}`}>{t('programme.openPage')}</Link>
        </p>
      );
    case 'ended':
      return <p className="muted">{t('programme.ended')}</p>;
    case 'cancelled':
      return <p className="notice notice-error">{t('programme.cancelled')}</p>;
  }
}

/** One session: its time on the reader's clock, the host's time beside it, and how to join. */
export function SessionCard({ session, timeZone, now }: { session: MySession; timeZone: string; now: number }) {
  const { t, locale } = useI18n();
  const host = session.start.host;
  return (
    <li className="session-card" data-session-id={session.id}>
      <div className="session-time">
        <time dateTime={localIso(session.start.utc, timeZone)} className="local-time">
          {formatTime(session.start.utc, timeZone, locale)}
        </time>
        <span className="muted">
          {' – '}
          {formatTime(session.end.utc, timeZone, locale)}
        </span>
      </div>
      <div className="session-body">
        <h3>{session.title}</h3>
        <p className="muted">
          {t(`kind.${session.kind}` as MessageKey)} · {session.cohortTitle}
        </p>
        <p className="host-time">
          {t('programme.hostTime', { city: zoneLabel(host.timeZone), time: formatDayTime(session.start.utc, host.timeZone, locale) })}
        </p>
        <JoinOrCountdown session={session} now={now} />
      </div>
    </li>
  );
}
