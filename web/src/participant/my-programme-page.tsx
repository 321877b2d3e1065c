import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import type { Me, MySession, MySessions } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { PageShell } from '../components/page-shell.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { browserTimeZone, formatDay, localDate, zoneLabel } from '../time/format.ts';
import { useNow } from '../time/use-now.ts';
import { MyAttendance } from './my-attendance.tsx';
import { SessionCard } from './session-card.tsx';

function groupByLocalDay(sessions: MySession[], timeZone: string): [string, MySession[]][] {
  const days = new Map<string, MySession[]>();
  for (const session of sessions) {
    const day = localDate(session.start.utc, timeZone);
    days.set(day, [...(days.get(day) ?? []), session]);
  }
  return [...days];
}

/** Shown when the laptop's zone and the profile's differ (travel, or a wrong profile): the reader picks. */
function ZoneNotice({ browserZone, profileZone, shown, onShow }: { browserZone: string; profileZone: string; shown: string; onShow: (zone: string) => void }) {
  const { t } = useI18n();
  const other = shown === browserZone ? profileZone : browserZone;
  return (
    <div className="notice" role="note">
      <p>{t('programme.zoneDiffers', { browser: zoneLabel(browserZone), profile: zoneLabel(profileZone) })}</p>
      <p>
        <strong>{t('programme.showingIn', { zone: zoneLabel(shown) })}</strong>{' '}
        <button type="button" className="link-button" onClick={() => onShow(other)}>
          {t('programme.showIn', { zone: zoneLabel(other) })}
        </button>
      </p>
    </div>
  );
}

function CalendarFeed() {
  const { t } = useI18n();
  const feed = useLoad(() => api.get<{ url: string }>('/api/me/calendar-feed'), []);
  if (!feed.data) return null;
  return (
    <section aria-labelledby="feed-heading" className="card">
      <h2 id="feed-heading">{t('programme.calendarTitle')}</h2>
      <p>{t('programme.calendarBody')}</p>
      <p>
        <a href={feed.data.url} className="button">
          {t('programme.calendarLink')}
        </a>
      </p>
    </section>
  );
}

export function MyProgrammePage() {
  const { t, locale, adoptProfileLocale } = useI18n();
  const clock = useNow(1000);
  const loaded = useLoad(async () => {
    const [me, mine] = await Promise.all([api.get<Me>('/api/me'), api.get<MySessions>('/api/me/sessions')]);
    // How far this computer's clock is from the server's: countdowns follow the server, whose window counts.
    return [me, mine, new Date(mine.serverTime).getTime() - Date.now()] as const;
  }, []);
  const [me, mine, skew] = loaded.data ?? [];
  const now = clock + (Math.abs(skew ?? 0) > 5_000 ? skew! : 0);
  const browserZone = useMemo(browserTimeZone, []);
  const [chosenZone, setChosenZone] = useState<string>();
  const profileZone = me?.person.timeZone ?? browserZone;
  const shownZone = chosenZone ?? browserZone;

  useEffect(() => adoptProfileLocale(me?.person.locale), [me, adoptProfileLocale]);

  return (
    <PageShell title={t('programme.title')}>
      {loaded.loading && !loaded.data && <Loading />}
      <ErrorMessage error={loaded.error} />
      {me && mine && (
        <>
          <p className="lead">{t('programme.greeting', { name: me.person.nameNative ?? me.person.nameLatin })}</p>
          {profileZone !== browserZone && <ZoneNotice browserZone={browserZone} profileZone={profileZone} shown={shownZone} onShow={setChosenZone} />}
          <p className="muted" id="zone-line">
            {t('programme.timesIn', { zone: zoneLabel(shownZone) })}
          </p>
          {mine.items.length === 0 && <p>{t('programme.none')}</p>}
          {groupByLocalDay(mine.items, shownZone).map(([day, sessions]) => (
            <section key={day} aria-labelledby={`day-${day}`} className="day">
              <h2 id={`day-${day}`}>{formatDay(sessions[0]!.start.utc, shownZone, locale)}</h2>
              <ul className="session-list">
                {sessions.map((session) => (
                  <SessionCard key={session.id} session={session} timeZone={shownZone} now={now} />
                ))}
              </ul>
            </section>
          ))}
          <section aria-labelledby="progress-heading" className="card">
            <h2 id="progress-heading">{t('programme.progressTitle')}</h2>
            <MyAttendance enrolments={me.enrolments} timeZone={shownZone} />
          </section>
          <CalendarFeed />
        </>
      )}
    </PageShell>
  );
}
