import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldProblems } from '../api/field-problems.ts';
import type { CohortView, SessionView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { Field, SelectField } from '../components/field.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import type { SavedSession } from './session-edit-form.tsx';
import { sessionKinds } from './session-kinds.ts';
import { SessionRow } from './session-row.tsx';
import { SkippedTimeFix } from './skipped-time-fix.tsx';

function CreateSessionForm({ cohort, onCreated }: { cohort: CohortView; onCreated: (notices: string[]) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<string>('lecture');
  const [title, setTitle] = useState('');
  const [localStart, setLocalStart] = useState(`${cohort.firstDay}T09:00`);
  const [duration, setDuration] = useState(90);
  const [error, setError] = useState<unknown>();
  const problems = fieldProblems(error);
  const create = async (start: string) => {
    setError(undefined);
    try {
      const created = await api.post<SavedSession>(`/api/cohorts/${cohort.id}/sessions`, { kind, title, localStart: start, durationMinutes: duration });
      setTitle('');
      onCreated([t('sessions.created', { title: created.title }), ...created.notices]);
    } catch (failure) {
      setError(failure);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create(localStart);
  };
  const takeNearest = (nearest: string) => {
    setLocalStart(nearest);
    void create(nearest);
  };
  return (
    <section aria-labelledby="new-session-heading" className="card">
      <h2 id="new-session-heading">{t('sessions.create')}</h2>
      <form onSubmit={submit} className="grid-form">
        <SelectField label={t('sessions.kind')} value={kind} onChange={setKind} options={sessionKinds.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))} problem={problems.get('kind')} />
        <Field label={t('sessions.sessionTitle')} value={title} required onChange={(event) => setTitle(event.target.value)} problem={problems.get('title')} />
        <Field label={t('sessions.start', { zone: cohort.hostTimeZone })} type="datetime-local" value={localStart} required onChange={(event) => setLocalStart(event.target.value)} problem={problems.get('localStart')} />
        <Field label={t('sessions.duration')} type="number" min={1} max={1440} value={duration} required onChange={(event) => setDuration(Number(event.target.value))} problem={problems.get('durationMinutes')} />
        <button type="submit">{t('sessions.createButton')}</button>
      </form>
      <SkippedTimeFix error={error} onUse={takeNearest} />
      <ErrorMessage error={error} />
    </section>
  );
}

export function SessionsTab({ cohort }: { cohort: CohortView }) {
  const { t } = useI18n();
  const sessions = useLoad(() => api.get<{ items: SessionView[] }>(`/api/cohorts/${cohort.id}/sessions`), [cohort.id]);
  const [notices, setNotices] = useState<string[]>([]);
  const noticeRef = useRef<HTMLDivElement>(null);
  const changed = (next: string[]) => {
    setNotices(next);
    sessions.reload();
  };
  // A cancelled session loses its buttons: the focus would be lost with them, so the notice takes it.
  useEffect(() => {
    const active = document.activeElement;
    if (notices.length > 0 && (!active || active === document.body)) noticeRef.current?.focus();
  }, [notices, sessions.data]);
  return (
    <>
      <div aria-live="polite" ref={noticeRef} tabIndex={-1} className="status-region">
        {notices.map((notice) => (
          <p key={notice} className="notice notice-ok">
            {notice}
          </p>
        ))}
      </div>
      <ErrorMessage error={sessions.error} />
      {sessions.loading && !sessions.data && <Loading />}
      {sessions.data && (
        <div className="table-scroll">
          <table className="sessions-table">
            <caption className="visually-hidden">{t('cohort.tab.sessions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sessions.sessionTitle')}</th>
                <th scope="col">{t('sessions.hostStart')}</th>
                <th scope="col">{t('sessions.kind')}</th>
                <th scope="col">{t('cohorts.status')}</th>
                <th scope="col">{t('sessions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.items.map((session) => (
                <SessionRow key={session.id} session={session} hostTimeZone={cohort.hostTimeZone} onChanged={changed} />
              ))}
            </tbody>
          </table>
          {sessions.data.items.length === 0 && <p>{t('sessions.none')}</p>}
        </div>
      )}
      <CreateSessionForm cohort={cohort} onCreated={changed} />
    </>
  );
}
