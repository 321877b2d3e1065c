import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CohortView, SessionView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { Field, SelectField } from '../components/field.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { formatDayTime } from '../time/format.ts';

const kinds = ['orientation', 'lecture', 'policy_presentation', 'site_visit', 'discussion', 'group_work', 'group_presentation', 'closing'] as const;

function CreateSessionForm({ cohort, onCreated }: { cohort: CohortView; onCreated: () => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<string>('lecture');
  const [title, setTitle] = useState('');
  const [localStart, setLocalStart] = useState(`${cohort.firstDay}T09:00`);
  const [duration, setDuration] = useState(90);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.post(`/api/cohorts/${cohort.id}/sessions`, { kind, title, localStart, durationMinutes: duration });
      setTitle('');
      setError(undefined);
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="new-session-heading" className="card">
      <h2 id="new-session-heading">{t('sessions.create')}</h2>
      <form onSubmit={(event) => void submit(event)} className="grid-form">
        <SelectField label={t('sessions.kind')} value={kind} onChange={setKind} options={kinds.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))} />
        <Field label={t('sessions.sessionTitle')} value={title} required onChange={(event) => setTitle(event.target.value)} />
        <Field label={t('sessions.start', { zone: cohort.hostTimeZone })} type="datetime-local" value={localStart} required onChange={(event) => setLocalStart(event.target.value)} />
        <Field label={t('sessions.duration')} type="number" min={1} max={1440} value={duration} required onChange={(event) => setDuration(Number(event.target.value))} />
        <button type="submit">{t('sessions.createButton')}</button>
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}

export function SessionsTab({ cohort }: { cohort: CohortView }) {
  const { t, locale } = useI18n();
  const sessions = useLoad(() => api.get<{ items: SessionView[] }>(`/api/cohorts/${cohort.id}/sessions`), [cohort.id]);
  return (
    <>
      <ErrorMessage error={sessions.error} />
      {sessions.loading && !sessions.data && <Loading />}
      {sessions.data && (
        <div className="table-scroll">
          <table>
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
                <tr key={session.id}>
                  <th scope="row">{session.title}</th>
                  <td>{formatDayTime(session.startsAt, cohort.hostTimeZone, locale)}</td>
                  <td>{t(`kind.${session.kind}` as MessageKey)}</td>
                  <td>{t(`sessionStatus.${session.status}` as MessageKey)}</td>
                  <td>
                    <Link to={`/coordinator/sessions/${session.id}/live`}>{t('sessions.monitor')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {sessions.data.items.length === 0 && <p>{t('sessions.none')}</p>}
        </div>
      )}
      <CreateSessionForm cohort={cohort} onCreated={sessions.reload} />
    </>
  );
}
