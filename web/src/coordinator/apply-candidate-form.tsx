import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CandidateView, CohortView, SessionView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';

/** Creates the candidate's sessions, all or none (POST /api/cohorts/:id/planner/apply). */
export function ApplyCandidateForm({ cohort, candidate, duration }: { cohort: CohortView; candidate: CandidateView; duration: number }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(t('planner.defaultTitle'));
  const [created, setCreated] = useState<number>();
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const sessions = candidate.sessions.map((session, index) => ({ localStart: session.hostLocalStart, durationMinutes: duration, kind: 'lecture', title: `${title} ${index + 1}` }));
      const answer = await api.post<{ items: SessionView[] }>(`/api/cohorts/${cohort.id}/planner/apply`, { sessions });
      setCreated(answer.items.length);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="inline-form apply-form">
      <Field label={t('planner.titlePrefix')} value={title} required onChange={(event) => setTitle(event.target.value)} />
      <button type="submit" className="button-primary">
        {t('planner.apply', { count: candidate.sessions.length, time: candidate.hostTime })}
      </button>
      <div aria-live="polite">
        {created !== undefined && (
          <p className="notice notice-ok" role="status">
            {t('planner.applied', { count: created })} <Link to={`/coordinator/cohorts/${cohort.id}/sessions`}>{t('cohort.tab.sessions')}</Link>
          </p>
        )}
        <ErrorMessage error={error} />
      </div>
    </form>
  );
}
