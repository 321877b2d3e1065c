import { useState } from 'react';
import { api } from '../api/client.ts';
import type { CohortView, EnrolmentView, Page, Team } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { TeamForm, type TeamDraft } from './team-form.tsx';

function TeamRow({ team, roster, onChanged }: { team: Team; roster: EnrolmentView[]; onChanged: () => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const save = async (draft: TeamDraft) => {
    await api.patch(`/api/teams/${team.id}`, draft);
    setEditing(false);
    onChanged();
  };
  const remove = async () => {
    if (!window.confirm(t('teams.deleteQuestion', { name: team.name }))) return;
    try {
      await api.delete(`/api/teams/${team.id}`);
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <li className="card team" data-team-id={team.id}>
      <h3>{team.name}</h3>
      {editing ? (
        <TeamForm initial={{ name: team.name, personIds: team.members.map((m) => m.personId) }} roster={roster} submitLabel={t('teams.save')} onSubmit={save} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <p>{team.members.length ? team.members.map((m) => m.name).join(', ') : <span className="muted">{t('teams.noMembers')}</span>}</p>
          <div className="inline-form">
            <button type="button" onClick={() => setEditing(true)}>
              {t('teams.edit', { name: team.name })}
            </button>
            <button type="button" onClick={() => void remove()}>
              {t('teams.delete', { name: team.name })}
            </button>
          </div>
        </>
      )}
      <ErrorMessage error={error} />
    </li>
  );
}

/** The cohort's teams (one per city, or per topic), which last the whole programme and become team rooms in sessions. */
export function TeamsTab({ cohort }: { cohort: CohortView }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const teams = useLoad(() => api.get<{ items: Team[] }>(`/api/cohorts/${cohort.id}/teams`), [cohort.id, version]);
  const roster = useLoad(() => api.get<Page<EnrolmentView>>(`/api/cohorts/${cohort.id}/enrolments?limit=200`), [cohort.id]);
  const [error, setError] = useState<unknown>();
  const participants = (roster.data?.items ?? []).filter((e) => e.status !== 'withdrawn' && e.status !== 'declined');

  const byCity = async () => {
    setError(undefined);
    try {
      await api.post(`/api/cohorts/${cohort.id}/teams/by-city`);
      changed();
    } catch (failure) {
      setError(failure);
    }
  };
  const create = async (draft: TeamDraft) => {
    await api.post(`/api/cohorts/${cohort.id}/teams`, draft);
    changed();
  };

  return (
    <>
      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">{t('teams.title', { count: teams.data?.items.length ?? 0 })}</h2>
        <p>{t('teams.help')}</p>
        <button type="button" onClick={() => void byCity()}>
          {t('teams.byCity')}
        </button>
        <ErrorMessage error={error ?? teams.error} />
        {teams.loading && !teams.data && <Loading />}
        <ul className="plain teams">
          {teams.data?.items.map((team) => (
            <TeamRow key={`${team.id}-${version}`} team={team} roster={participants} onChanged={changed} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="new-team-heading" className="card">
        <h2 id="new-team-heading">{t('teams.create')}</h2>
        <TeamForm key={version} initial={{ name: '', personIds: [] }} roster={participants} submitLabel={t('teams.createButton')} onSubmit={create} />
      </section>
    </>
  );
}
