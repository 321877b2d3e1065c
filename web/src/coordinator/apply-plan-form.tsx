import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CohortView, SessionView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';

/** Creates one session per host start of a candidate or a rotation, all or none (POST /api/cohorts/:id/planner/apply). */
export function ApplyPlanForm({ cohort, starts, duration, buttonLabel }: { cohort: CohortView; starts: string[]; duration: number; buttonLabel: string }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(t('planner.defaultTitle'));
  const [created, setCreated] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const sessions = starts.map((localStart, index) => ({ localStart, durationMinutes: duration, kind: 'lecture', title: `${title} ${index + 1}` }));
      const answer = await api.post<{ items: SessionView[] }>(`/api/cohorts/${cohort.id}/planner/apply`, { sessions });
      setCreated(answer.items.length);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="inline-form apply-form">
      <Field label={t('planner.titlePrefix')} value={title} required onChange={(event) => setTitle(event.target.value)} />
      <button type="submit" className="button-primary" disabled={busy}>
        {buttonLabel}
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
