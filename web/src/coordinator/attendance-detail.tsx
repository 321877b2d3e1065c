import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { AttendanceDetail as Detail, EvidenceBasis } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { formatMinutes, formatShare } from '../attendance/attendance-scale.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { formatDateTime, formatTime } from '../time/format.ts';

const basisText: Record<EvidenceBasis, MessageKey> = {
  webhook: 'attendance.basis.webhook',
  poll: 'attendance.basis.poll',
  poll_interpolated: 'attendance.basis.poll_interpolated',
  presence: 'attendance.basis.presence',
  reconnect_grace: 'attendance.basis.reconnect_grace',
};

function OverrideForm({ detail, onSaved }: { detail: Detail; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [minutes, setMinutes] = useState(String(Math.round(detail.effectiveMinutes)));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.post(`/api/sessions/${detail.sessionId}/attendance/${detail.personId}/override`, { minutes: Number(minutes), reason: reason.trim() });
      setReason('');
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="grid-form override-form">
      <div className="field">
        <label htmlFor={`${id}-minutes`}>{t('attendance.overrideMinutes', { duration: detail.scheduled.durationMinutes })}</label>
        <input id={`${id}-minutes`} type="number" min={0} max={detail.scheduled.durationMinutes} step={1} required value={minutes} onChange={(event) => setMinutes(event.target.value)} aria-describedby={`${id}-computed`} />
        <small id={`${id}-computed`} className="muted">
          {t('attendance.computedBeside', { minutes: formatMinutes(detail.minutesPresent, locale) })}
        </small>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('attendance.overrideReason')}</label>
        <input id={`${id}-reason`} required minLength={3} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} placeholder={t('attendance.reasonExample')} />
      </div>
      <button type="submit">{t('attendance.overrideSave')}</button>
      <ErrorMessage error={error} />
    </form>
  );
}

/** One person in one session: the computed value with the evidence behind every credited stretch, and the overrides beside it. */
export function AttendanceDetailPanel({ sessionId, personId, name, timeZone, canOverride, onChanged }: { sessionId: string; personId: string; name: string; timeZone: string; canOverride: boolean; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const [version, setVersion] = useState(0);
  const detail = useLoad(() => api.get<Detail>(`/api/sessions/${sessionId}/attendance/${personId}`), [sessionId, personId, version]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [sessionId, personId]);
  const data = detail.data;
  return (
    <section aria-labelledby="detail-heading" className="card attendance-detail">
      <h2 id="detail-heading" ref={heading} tabIndex={-1}>
        {t('attendance.detailTitle', { name })}
      </h2>
      <ErrorMessage error={detail.error} />
      {detail.loading && !data && <Loading />}
      {data && (
        <>
          <p className="muted">{t('attendance.scheduled', { start: formatDateTime(data.scheduled.startsAt, timeZone, locale), minutes: data.scheduled.durationMinutes })}</p>
          <dl className="attendance-figures">
            <div>
              <dt>{t('attendance.computed')}</dt>
              <dd data-testid="computed">{t('attendance.minutesShare', { minutes: formatMinutes(data.minutesPresent, locale), share: formatShare(data.share, locale) })}</dd>
            </div>
            <div>
              <dt>{t('attendance.override')}</dt>
              <dd data-testid="override">{data.override ? t('attendance.overrideValue', { minutes: data.override.minutes, reason: data.override.reason, by: data.override.by }) : t('attendance.noOverride')}</dd>
            </div>
            <div>
              <dt>{t('attendance.firstJoin')}</dt>
              <dd>{data.firstJoin ? formatTime(data.firstJoin, timeZone, locale) : '—'}</dd>
            </div>
            <div>
              <dt>{t('attendance.lastLeave')}</dt>
              <dd>{data.lastLeave ? formatTime(data.lastLeave, timeZone, locale) : '—'}</dd>
            </div>
          </dl>
          <h3>{t('attendance.segments')}</h3>
          {data.segments.length === 0 && <p className="muted">{t('attendance.noSegments')}</p>}
          <ul className="segments">
            {data.segments.map((segment) => (
              <li key={segment.from}>
                <strong>
                  {formatTime(segment.from, timeZone, locale)}–{formatTime(segment.to, timeZone, locale)}
                </strong>{' '}
                ({t('attendance.minutes', { minutes: formatMinutes(segment.minutes, locale) })}): {segment.basis.map((basis) => t(basisText[basis])).join(' ')}
              </li>
            ))}
          </ul>
          {data.overrideHistory.length > 0 && (
            <>
              <h3>{t('attendance.history')}</h3>
              <ol className="override-history">
                {data.overrideHistory.map((entry) => (
                  <li key={entry.at}>
                    <time dateTime={entry.at}>{formatDateTime(entry.at, timeZone, locale)}</time> — {t('attendance.overrideValue', { minutes: entry.minutes, reason: entry.reason, by: entry.by })}
                  </li>
                ))}
              </ol>
            </>
          )}
          {canOverride && (
            <>
              <h3>{t('attendance.overrideTitle')}</h3>
              <OverrideForm
                detail={data}
                onSaved={() => {
                  setVersion((v) => v + 1);
                  onChanged();
                }}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
