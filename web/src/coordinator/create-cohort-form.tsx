import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CohortView, ProgrammeView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field, SelectField } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router/router.tsx';

function NewProgrammeForm({ onCreated }: { onCreated: (programme: ProgrammeView) => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onCreated(await api.post<ProgrammeView>('/api/programmes', { title, theme: 'other' }));
      setTitle('');
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="inline-form" aria-label={t('cohorts.newProgramme')}>
      <Field label={t('cohorts.programmeTitle')} value={title} required onChange={(event) => setTitle(event.target.value)} />
      <button type="submit">{t('cohorts.createProgramme')}</button>
      <ErrorMessage error={error} />
    </form>
  );
}

export function CreateCohortForm({ programmes, onProgrammeCreated }: { programmes: ProgrammeView[]; onProgrammeCreated: () => void }) {
  const { t } = useI18n();
  const [programmeId, setProgrammeId] = useState('');
  const [title, setTitle] = useState('');
  const [hostTimeZone, setHostTimeZone] = useState('Asia/Seoul');
  const [firstDay, setFirstDay] = useState('');
  const [lastDay, setLastDay] = useState('');
  const [error, setError] = useState<unknown>();
  const chosen = programmeId || programmes[0]?.id || '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const cohort = await api.post<CohortView>('/api/cohorts', { programmeId: chosen, title, hostTimeZone, firstDay, lastDay });
      navigate(`/coordinator/cohorts/${cohort.id}/roster`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="new-cohort-heading" className="card">
      <h2 id="new-cohort-heading">{t('cohorts.create')}</h2>
      {programmes.length === 0 && <p>{t('cohorts.noProgramme')}</p>}
      <NewProgrammeForm
        onCreated={(programme) => {
          setProgrammeId(programme.id);
          onProgrammeCreated();
        }}
      />
      <form onSubmit={(event) => void submit(event)} className="grid-form">
        <SelectField label={t('cohorts.programme')} value={chosen} onChange={setProgrammeId} options={programmes.map((p) => ({ value: p.id, label: p.title }))} />
        <Field label={t('cohorts.cohortTitle')} value={title} required onChange={(event) => setTitle(event.target.value)} />
        <Field label={t('cohorts.hostZone')} value={hostTimeZone} required onChange={(event) => setHostTimeZone(event.target.value)} hint="IANA, e.g. Asia/Seoul" />
        <Field label={t('cohorts.firstDay')} type="date" value={firstDay} required onChange={(event) => setFirstDay(event.target.value)} />
        <Field label={t('cohorts.lastDay')} type="date" value={lastDay} required onChange={(event) => setLastDay(event.target.value)} />
        <button type="submit" disabled={!chosen}>
          {t('cohorts.createCohort')}
        </button>
        <ErrorMessage error={error} />
      </form>
    </section>
  );
}
