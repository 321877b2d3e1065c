import { useId } from 'react';
import type { Completion, IssuanceRun } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatShare } from '../attendance/attendance-scale.ts';

function IssuanceProgressBar({ run }: { run: IssuanceRun }) {
  const { t, locale } = useI18n();
  const id = useId();
  const total = Math.max(run.total, 1);
  const share = formatShare(run.done / total, locale);
  const words = t('issuance.progress', { done: run.done, total: run.total, share });
  return (
    <div className="issuance-progress" data-run-status={run.status}>
      <label htmlFor={id}>
        {run.status === 'running' ? t('issuance.running') : t('issuance.finished')}
      </label>
      <progress id={id} max={total} value={run.done} aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={run.done} aria-valuetext={words} />
      <p className="progress-words" aria-hidden="true">
        {words}
      </p>
    </div>
  );
}

/** Issue for the whole cohort: how many completed, the worker's progress, and each failure with its reason. */
export function IssuancePanel({ run, error, onStart, people }: { run: IssuanceRun | undefined; error: unknown; onStart: () => void; people: Completion[] }) {
  const { t } = useI18n();
  const completed = people.filter((p) => p.status === 'completed');
  const waiting = completed.filter((p) => !p.certificate).length;
  const nameOf = (personId: string) => people.find((p) => p.personId === personId)?.name ?? personId;
  const running = run?.status === 'running';
  return (
    <section aria-labelledby="issue-heading" className="card">
      <h2 id="issue-heading">{t('issuance.title')}</h2>
      <p>{t('issuance.summary', { completed: completed.length, waiting })}</p>
      <button type="button" className="button-primary" onClick={onStart} disabled={running}>
        {t('issuance.start')}
      </button>
      {run && <IssuanceProgressBar run={run} />}
      <div aria-live="polite">
        {run && run.status !== 'running' && (
          <p className={run.failures.length ? 'notice' : 'notice notice-ok'}>{t('issuance.done', { done: run.done, total: run.total, failed: run.failures.length })}</p>
        )}
        <ErrorMessage error={error} />
      </div>
      {run && run.failures.length > 0 && (
        <>
          <h3>{t('issuance.failures')}</h3>
          <ul className="issuance-failures">
            {run.failures.map((failure) => (
              <li key={failure.personId}>
                <strong>{nameOf(failure.personId)}</strong>: {failure.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
