import { useId, useState, type FormEvent } from 'react';
import { ApiError, type FieldProblem } from '../api/client.ts';
import type { EnrolmentView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export interface TeamDraft {
  name: string;
  personIds: string[];
}

/** A problem+json `errors` list split by field: `name`, and `personIds.<index>` mapped to the person. */
export function problemsByField(error: unknown, personIds: string[]): { name?: string; people: Map<string, string>; other: FieldProblem[] } {
  const people = new Map<string, string>();
  const other: FieldProblem[] = [];
  let name: string | undefined;
  if (!(error instanceof ApiError)) return { people, other };
  for (const problem of error.problem.errors ?? []) {
    const index = /^personIds\.(\d+)$/.exec(problem.field)?.[1];
    if (problem.field === 'name') name = problem.message;
    else if (index !== undefined && personIds[Number(index)]) people.set(personIds[Number(index)]!, problem.message);
    else other.push(problem);
  }
  // A conflict names the people already in another team (server/domain/live/teams.service.ts).
  const busy = error.problem['personIds'];
  if (Array.isArray(busy)) for (const id of busy) if (typeof id === 'string' && !people.has(id)) people.set(id, error.message);
  return { name, people, other };
}

/** Name and members of a team; each refused member is marked on its own line. */
export function TeamForm({ initial, roster, submitLabel, onSubmit, onCancel }: { initial: TeamDraft; roster: EnrolmentView[]; submitLabel: string; onSubmit: (draft: TeamDraft) => Promise<unknown>; onCancel?: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(initial.name);
  const [members, setMembers] = useState<ReadonlySet<string>>(new Set(initial.personIds));
  const [error, setError] = useState<unknown>();
  const sent = [...members];
  const problems = problemsByField(error, sent);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await onSubmit({ name: name.trim(), personIds: sent });
    } catch (failure) {
      setError(failure);
    }
  };
  const toggle = (personId: string, on: boolean) =>
    setMembers((current) => {
      const next = new Set(current);
      if (on) next.add(personId);
      else next.delete(personId);
      return next;
    });

  return (
    <form onSubmit={(event) => void submit(event)} className="stack team-form">
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('teams.name')}</label>
        <input id={`${id}-name`} value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} aria-invalid={problems.name ? true : undefined} aria-describedby={problems.name ? `${id}-name-problem` : undefined} />
        {problems.name && (
          <small id={`${id}-name-problem`} className="field-problem">
            {problems.name}
          </small>
        )}
      </div>
      <fieldset>
        <legend>{t('teams.members')}</legend>
        <ul className="plain member-choices">
          {roster.map((enrolment) => {
            const problem = problems.people.get(enrolment.person.id);
            return (
              <li key={enrolment.person.id}>
                <label className="toggle">
                  <input type="checkbox" checked={members.has(enrolment.person.id)} onChange={(event) => toggle(enrolment.person.id, event.target.checked)} aria-invalid={problem ? true : undefined} />
                  {enrolment.person.nameLatin}
                  {enrolment.person.city && <span className="muted"> · {enrolment.person.city}</span>}
                </label>
                {problem && <small className="field-problem"> {problem}</small>}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="inline-form">
        <button type="submit">{submitLabel}</button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
