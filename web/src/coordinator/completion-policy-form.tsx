import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldProblems } from '../api/field-problems.ts';
import type { Completion, CompletionPolicy, SessionView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { PersonRequirements } from './person-requirements.tsx';

const percentOf = (share: number | undefined) => (share === undefined ? '' : String(Math.round(share * 1000) / 10));
const shareOf = (percent: string) => (percent.trim() === '' ? undefined : Number(percent) / 100);

/** The cohort's completion policy: shares as percentages, required sessions picked from the cohort's own. */
export function CompletionPolicyForm({ cohortId, policy, sessions, people, onSaved }: { cohortId: string; policy: CompletionPolicy; sessions: SessionView[]; people: Completion[]; onSaved: (policy: CompletionPolicy) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [sharePercent, setSharePercent] = useState(percentOf(policy.minimumShareOfLiveMinutes));
  const [minimumSessions, setMinimumSessions] = useState(policy.minimumSessionsAttended === undefined ? '' : String(policy.minimumSessionsAttended));
  const [required, setRequired] = useState<ReadonlySet<string>>(new Set(policy.requiredSessionIds));
  const [personRequirements, setPersonRequirements] = useState(policy.personRequirements);
  const [allowMakeUp, setAllowMakeUp] = useState(policy.allowMakeUp);
  const [countsFromPercent, setCountsFromPercent] = useState(percentOf(policy.sessionCountsFromShare));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const sentRequired = sessions.map((s) => s.id).filter((sessionId) => required.has(sessionId));
  const problems = fieldProblems(error);
  const requiredProblems = new Map(sentRequired.flatMap((sessionId, index) => (problems.has(`requiredSessionIds.${index}`) ? [[sessionId, problems.get(`requiredSessionIds.${index}`)!] as const] : [])));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    const minimumShareOfLiveMinutes = shareOf(sharePercent);
    const body: CompletionPolicy = {
      ...(minimumShareOfLiveMinutes !== undefined && { minimumShareOfLiveMinutes }),
      ...(minimumSessions.trim() !== '' && { minimumSessionsAttended: Number(minimumSessions) }),
      requiredSessionIds: sentRequired,
      personRequirements,
      allowMakeUp,
      sessionCountsFromShare: shareOf(countsFromPercent) ?? 0.5,
    };
    try {
      const stored = await api.put<CompletionPolicy>(`/api/cohorts/${cohortId}/completion-policy`, body);
      setSaved(true);
      onSaved(stored);
    } catch (failure) {
      setError(failure);
    }
  };
  const toggle = (sessionId: string, on: boolean) =>
    setRequired((current) => {
      const next = new Set(current);
      if (on) next.add(sessionId);
      else next.delete(sessionId);
      return next;
    });

  return (
    <section aria-labelledby={`${id}-heading`} className="card">
      <h2 id={`${id}-heading`}>{t('completion.policyTitle')}</h2>
      <p className="muted">{t('completion.policyHelp')}</p>
      <form onSubmit={(event) => void submit(event)} className="stack completion-policy">
        <div className="grid-form">
          <Field label={t('completion.minimumShare')} type="number" inputMode="decimal" min={0} max={100} step="any" value={sharePercent} onChange={(event) => setSharePercent(event.target.value)} hint={t('completion.minimumShareHint')} problem={problems.get('minimumShareOfLiveMinutes')} />
          <Field label={t('completion.minimumSessions')} type="number" min={0} max={500} step={1} value={minimumSessions} onChange={(event) => setMinimumSessions(event.target.value)} hint={t('completion.minimumSessionsHint', { count: sessions.length })} problem={problems.get('minimumSessionsAttended')} />
          <Field label={t('completion.countsFrom')} type="number" min={1} max={100} step="any" required value={countsFromPercent} onChange={(event) => setCountsFromPercent(event.target.value)} hint={t('completion.countsFromHint')} problem={problems.get('sessionCountsFromShare')} />
        </div>
        <fieldset>
          <legend>{t('completion.requiredSessions')}</legend>
          {sessions.length === 0 && <p className="muted">{t('attendance.noSessions')}</p>}
          <ul className="plain member-choices">
            {sessions.map((session) => (
              <li key={session.id}>
                <label className="toggle">
                  <input type="checkbox" checked={required.has(session.id)} onChange={(event) => toggle(session.id, event.target.checked)} aria-invalid={requiredProblems.has(session.id) ? true : undefined} />
                  {session.title}
                </label>
                {requiredProblems.has(session.id) && <small className="field-problem"> {requiredProblems.get(session.id)}</small>}
              </li>
            ))}
          </ul>
        </fieldset>
        <PersonRequirements value={personRequirements} onChange={setPersonRequirements} sessions={sessions} people={people} problems={problems} />
        <label className="toggle">
          <input type="checkbox" checked={allowMakeUp} onChange={(event) => setAllowMakeUp(event.target.checked)} />
          {t('completion.allowMakeUp')}
        </label>
        <button type="submit" className="button-primary">
          {t('completion.savePolicy')}
        </button>
        <div aria-live="polite">
          {saved && <p className="notice notice-ok">{t('completion.policySaved')}</p>}
          <ErrorMessage error={error} />
        </div>
      </form>
    </section>
  );
}
