import { useId, useState } from 'react';
import type { Completion, CompletionPolicy, SessionView } from '../api/types.ts';
import { SelectField } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Requirement = CompletionPolicy['personRequirements'][number];

/** Sessions required of one person only (their own city's policy presentation): listed, added, removed; saved with the policy. */
export function PersonRequirements({ value, onChange, sessions, people, problems }: { value: Requirement[]; onChange: (next: Requirement[]) => void; sessions: SessionView[]; people: Completion[]; problems: Map<string, string> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [personId, setPersonId] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const nameOf = (pid: string) => people.find((p) => p.personId === pid)?.name ?? pid;
  const titleOf = (sid: string) => sessions.find((s) => s.id === sid)?.title ?? sid;
  const list = (items: string[]) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
  const problemOf = (index: number) => [...problems].find(([field]) => field.startsWith(`personRequirements.${index}.`) || field === `personRequirements.${index}`)?.[1];

  const add = () => {
    if (!personId || picked.size === 0) return;
    const sessionIds = sessions.map((s) => s.id).filter((sid) => picked.has(sid));
    onChange([...value.filter((r) => r.personId !== personId), { personId, sessionIds }]);
    setPersonId('');
    setPicked(new Set());
  };
  const toggle = (sessionId: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(sessionId);
      else next.delete(sessionId);
      return next;
    });

  return (
    <fieldset className="person-requirements">
      <legend>{t('completion.personRequirements')}</legend>
      {value.length === 0 && <p className="muted">{t('completion.noPersonRequirements')}</p>}
      <ul className="plain">
        {value.map((requirement, index) => (
          <li key={requirement.personId} className="inline-form" data-person-id={requirement.personId}>
            <span>{t('completion.personRequirement', { name: nameOf(requirement.personId), sessions: list(requirement.sessionIds.map(titleOf)) })}</span>
            <button type="button" onClick={() => onChange(value.filter((r) => r !== requirement))} aria-label={t('completion.removeRequirement', { name: nameOf(requirement.personId) })}>
              {t('completion.remove')}
            </button>
            {problemOf(index) && <small className="field-problem">{problemOf(index)}</small>}
          </li>
        ))}
      </ul>
      <SelectField label={t('completion.person')} value={personId} onChange={setPersonId} options={[{ value: '', label: t('completion.choosePerson') }, ...people.map((p) => ({ value: p.personId, label: p.city ? `${p.name} · ${p.city}` : p.name }))]} />
      <div role="group" aria-labelledby={`${id}-sessions`}>
        <p id={`${id}-sessions`} className="muted">
          {t('completion.theirSessions')}
        </p>
        <ul className="plain member-choices">
          {sessions.map((session) => (
            <li key={session.id}>
              <label className="toggle">
                <input type="checkbox" checked={picked.has(session.id)} onChange={(event) => toggle(session.id, event.target.checked)} />
                {session.title}
              </label>
            </li>
          ))}
        </ul>
      </div>
      <button type="button" onClick={add} disabled={!personId || picked.size === 0}>
        {t('completion.addRequirement')}
      </button>
    </fieldset>
  );
}
