import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldProblems, problemOf } from '../api/field-problems.ts';
import type { ProgrammeView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field, SelectField, TextAreaField } from '../components/field.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';

export const themes = ['smart_city', 'sustainable_mobility', 'climate_change', 'e_government', 'water', 'urban_safety', 'housing', 'social_economy', 'urban_management', 'urban_planning', 'waste_management', 'culture_and_tourism', 'other'] as const;

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** A programme's fields (PATCH /api/programmes/:id); only what changed is sent. */
export function ProgrammeForm({ programme, onSaved, onClose }: { programme: ProgrammeView; onSaved: (saved: ProgrammeView | undefined) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(programme.title);
  const [theme, setTheme] = useState<string>(programme.theme);
  const [partner, setPartner] = useState(programme.partnerOrganisation ?? '');
  const [description, setDescription] = useState(programme.description ?? '');
  const [modules, setModules] = useState(programme.modules.join('\n'));
  const [error, setError] = useState<unknown>();
  const problems = fieldProblems(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const nextModules = lines(modules);
    const changes = {
      ...(title.trim() !== programme.title && { title: title.trim() }),
      ...(theme !== programme.theme && { theme }),
      ...(orNull(partner) !== programme.partnerOrganisation && { partnerOrganisation: orNull(partner) }),
      ...(orNull(description) !== programme.description && { description: orNull(description) }),
      ...(nextModules.join('\n') !== programme.modules.join('\n') && { modules: nextModules }),
    };
    if (Object.keys(changes).length === 0) return onSaved(undefined);
    try {
      onSaved(await api.patch<ProgrammeView>(`/api/programmes/${programme.id}`, changes));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="stack" aria-label={t('programmes.editOf', { title: programme.title })}>
      <div className="grid-form">
        <Field label={t('programmes.name')} autoFocus value={title} required maxLength={200} onChange={(event) => setTitle(event.target.value)} problem={problems.get('title')} />
        <SelectField label={t('programmes.theme')} value={theme} onChange={setTheme} options={themes.map((value) => ({ value, label: t(`theme.${value}` as MessageKey) }))} problem={problems.get('theme')} />
        <Field label={t('programmes.partner')} value={partner} maxLength={200} onChange={(event) => setPartner(event.target.value)} problem={problems.get('partnerOrganisation')} />
      </div>
      <TextAreaField label={t('programmes.description')} value={description} rows={3} maxLength={10000} onChange={(event) => setDescription(event.target.value)} problem={problems.get('description')} />
      <TextAreaField label={t('programmes.modules')} value={modules} rows={4} onChange={(event) => setModules(event.target.value)} hint={t('programmes.modulesHint')} problem={problemOf(problems, 'modules')} />
      <div className="inline-form">
        <button type="submit" className="button-primary">
          {t('programmes.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
