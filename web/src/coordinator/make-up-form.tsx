import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldProblems } from '../api/field-problems.ts';
import type { Completion, SessionView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field, SelectField } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** Records that a person made up a session they missed (a recording watched, a written summary). */
export function MakeUpForm({ sessions, people, allowed, onRecorded }: { sessions: SessionView[]; people: Completion[]; allowed: boolean; onRecorded: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const ended = sessions.filter((s) => s.status !== 'cancelled' && Date.parse(s.endsAt) <= Date.now());
  const [personId, setPersonId] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [recorded, setRecorded] = useState<string>();
  const problems = fieldProblems(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setRecorded(undefined);
    try {
      await api.post(`/api/sessions/${sessionId}/make-ups`, { personId, reason: reason.trim() });
      const person = people.find((p) => p.personId === personId)?.name ?? '';
      const session = ended.find((s) => s.id === sessionId)?.title ?? '';
      setRecorded(t('makeUp.recorded', { name: person, session }));
      setReason('');
      onRecorded();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="card">
      <h2 id={`${id}-heading`}>{t('makeUp.title')}</h2>
      <p className="muted">{allowed ? t('makeUp.help') : t('makeUp.notAllowed')}</p>
      {ended.length === 0 ? (
        <p>{t('makeUp.noEndedSessions')}</p>
      ) : (
        <form onSubmit={(event) => void submit(event)} className="grid-form make-up-form">
          <SelectField label={t('completion.person')} value={personId} onChange={setPersonId} required problem={problems.get('personId')} options={[{ value: '', label: t('completion.choosePerson') }, ...people.map((p) => ({ value: p.personId, label: p.city ? `${p.name} · ${p.city}` : p.name }))]} />
          <SelectField label={t('makeUp.session')} value={sessionId} onChange={setSessionId} required problem={problems.get('sessionId')} options={[{ value: '', label: t('makeUp.chooseSession') }, ...ended.map((s) => ({ value: s.id, label: s.title }))]} />
          <Field label={t('makeUp.reason')} value={reason} required minLength={3} maxLength={500} placeholder={t('makeUp.reasonExample')} onChange={(event) => setReason(event.target.value)} problem={problems.get('reason')} />
          <button type="submit">{t('makeUp.record')}</button>
        </form>
      )}
      <div aria-live="polite">
        {recorded && <p className="notice notice-ok">{recorded}</p>}
        <ErrorMessage error={error} />
      </div>
    </section>
  );
}
