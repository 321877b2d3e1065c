import { useState } from 'react';
import { api } from '../api/client.ts';
import type { CohortView, Completion, CompletionPolicy, SessionView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { formatMinutes, formatShare } from '../attendance/attendance-scale.ts';
import { CompletionNeeds, CompletionStatusTag } from '../completion/completion-words.tsx';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { CompletionPolicyForm } from './completion-policy-form.tsx';
import { MakeUpForm } from './make-up-form.tsx';

function CompletionTable({ rows, sessionTitle }: { rows: Completion[]; sessionTitle: (id: string) => string }) {
  const { t, locale } = useI18n();
  return (
    <div className="table-scroll">
      <table className="completion-table">
        <caption className="visually-hidden">{t('completion.statusTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('attendance.person')}</th>
            <th scope="col">{t('completion.status')}</th>
            <th scope="col">{t('completion.attended')}</th>
            <th scope="col">{t('completion.stillNeeded')}</th>
            <th scope="col">{t('completion.certificate')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.personId} data-person-id={row.personId} data-status={row.status}>
              <th scope="row">
                {row.name}
                {row.city && <span className="muted"> · {row.city}</span>}
              </th>
              <td>
                <CompletionStatusTag status={row.status} />
              </td>
              <td>
                {t('attendance.totalValue', { minutes: formatMinutes(row.creditedMinutes, locale), scheduled: row.scheduledMinutes, share: formatShare(row.share, locale) })}
                <br />
                <span className="muted">{t('completion.sessionsAttended', { count: row.sessionsAttended })}</span>
              </td>
              <td>
                <CompletionNeeds row={row} sessionTitle={sessionTitle} />
              </td>
              <td className="mono">{row.certificate ? row.certificate.number : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p>{t('completion.nobody')}</p>}
    </div>
  );
}

/** The completion policy, everyone's status with what they still need, and make-ups. */
export function CompletionTab({ cohort }: { cohort: CohortView }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const policy = useLoad(() => api.get<CompletionPolicy>(`/api/cohorts/${cohort.id}/completion-policy`), [cohort.id]);
  const sessions = useLoad(() => api.get<{ items: SessionView[] }>(`/api/cohorts/${cohort.id}/sessions`), [cohort.id]);
  const completion = useLoad(() => api.get<{ items: Completion[] }>(`/api/cohorts/${cohort.id}/completion`), [cohort.id, version]);
  const [saved, setSaved] = useState<CompletionPolicy>();
  const refresh = () => setVersion((v) => v + 1);
  const current = saved ?? policy.data;
  const live = sessions.data?.items.filter((s) => s.status !== 'cancelled') ?? [];
  const sessionTitle = (id: string) => live.find((s) => s.id === id)?.title ?? id;
  const people = completion.data?.items ?? [];
  return (
    <>
      <ErrorMessage error={policy.error ?? sessions.error ?? completion.error} />
      {(!policy.data || !sessions.data || !completion.data) && !(policy.error ?? sessions.error ?? completion.error) && <Loading />}
      {current && sessions.data && completion.data && (
        <>
          <CompletionPolicyForm
            cohortId={cohort.id}
            policy={current}
            sessions={live}
            people={people}
            onSaved={(policy) => {
              setSaved(policy);
              refresh();
            }}
          />
          <section aria-labelledby="completion-heading">
            <h2 id="completion-heading">{t('completion.statusTitle')}</h2>
            <p className="muted">{t('completion.statusHelp')}</p>
            <CompletionTable rows={people} sessionTitle={sessionTitle} />
          </section>
          <MakeUpForm sessions={live} people={people} allowed={current.allowMakeUp} onRecorded={refresh} />
        </>
      )}
    </>
  );
}
