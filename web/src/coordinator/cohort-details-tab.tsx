import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldProblems } from '../api/field-problems.ts';
import type { CohortView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field, SelectField } from '../components/field.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { ArchiveButton } from './archive-confirmation.tsx';

const statuses = ['draft', 'scheduled', 'running', 'completed'] as const;

/** A cohort's own fields. Its status only moves forward, so the earlier ones are not offered. */
export function CohortDetailsTab({ cohort, onSaved }: { cohort: CohortView; onSaved: (cohort: CohortView) => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(cohort.title);
  const [hostTimeZone, setHostTimeZone] = useState(cohort.hostTimeZone);
  const [firstDay, setFirstDay] = useState(cohort.firstDay);
  const [lastDay, setLastDay] = useState(cohort.lastDay);
  const [capacity, setCapacity] = useState(cohort.capacity === null ? '' : String(cohort.capacity));
  const [status, setStatus] = useState<string>(cohort.status);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const problems = fieldProblems(error);
  const reachable = statuses.filter((s) => statuses.indexOf(s) >= statuses.indexOf(cohort.status as (typeof statuses)[number]));
  const isArchived = cohort.status === 'archived';
  const archivedNotice = useRef<HTMLParagraphElement>(null);
  // Archiving removes the section that held the focus: the notice that says what happened takes it.
  useEffect(() => {
    const active = document.activeElement;
    if (isArchived && (!active || active === document.body)) archivedNotice.current?.focus();
  }, [isArchived]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setNotice(undefined);
    const nextCapacity = capacity.trim() === '' ? null : Number(capacity);
    const changes = {
      ...(title.trim() !== cohort.title && { title: title.trim() }),
      ...(hostTimeZone.trim() !== cohort.hostTimeZone && { hostTimeZone: hostTimeZone.trim() }),
      ...(firstDay !== cohort.firstDay && { firstDay }),
      ...(lastDay !== cohort.lastDay && { lastDay }),
      ...(nextCapacity !== cohort.capacity && { capacity: nextCapacity }),
      ...(status !== cohort.status && { status }),
    };
    if (Object.keys(changes).length === 0) return setNotice(t('common.nothingChanged'));
    try {
      const saved = await api.patch<CohortView>(`/api/cohorts/${cohort.id}`, changes);
      setNotice(t('cohort.saved'));
      onSaved(saved);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <section aria-labelledby="cohort-details-heading" className="card">
        <h2 id="cohort-details-heading">{t('cohort.detailsTitle')}</h2>
        {isArchived && (
          <p className="notice" ref={archivedNotice} tabIndex={-1}>
            {t('cohort.archivedNotice')}
          </p>
        )}
        <form onSubmit={(event) => void submit(event)} className="stack">
          <div className="grid-form">
            <Field label={t('cohorts.cohortTitle')} value={title} required maxLength={200} onChange={(event) => setTitle(event.target.value)} problem={problems.get('title')} />
            <Field label={t('cohorts.hostZone')} value={hostTimeZone} required onChange={(event) => setHostTimeZone(event.target.value)} hint={t('sessions.timeZoneHint')} problem={problems.get('hostTimeZone')} />
            <Field label={t('cohorts.firstDay')} type="date" value={firstDay} required onChange={(event) => setFirstDay(event.target.value)} problem={problems.get('firstDay')} />
            <Field label={t('cohorts.lastDay')} type="date" value={lastDay} required onChange={(event) => setLastDay(event.target.value)} problem={problems.get('lastDay')} />
            <Field label={t('cohort.capacity')} type="number" min={1} max={10000} value={capacity} onChange={(event) => setCapacity(event.target.value)} hint={t('cohort.capacityHint')} problem={problems.get('capacity')} />
            {!isArchived && <SelectField label={t('cohorts.status')} value={status} onChange={setStatus} options={reachable.map((s) => ({ value: s, label: t(`cohortStatus.${s}` as MessageKey) }))} problem={problems.get('status')} />}
          </div>
          {!isArchived && <p className="muted small">{t('cohort.statusForward')}</p>}
          <button type="submit" className="button-primary" disabled={isArchived}>
            {t('cohort.save')}
          </button>
          <div aria-live="polite">
            {notice && <p className="notice notice-ok">{notice}</p>}
            <ErrorMessage error={error} />
          </div>
        </form>
      </section>
      {!isArchived && (
        <section aria-labelledby="cohort-archive-heading" className="card">
          <h2 id="cohort-archive-heading">{t('cohort.archiveTitle')}</h2>
          <p>{t('cohort.archiveHelp')}</p>
          <ArchiveButton label={t('cohort.archive')} question={t('cohort.archiveQuestion', { title: cohort.title })} onArchive={async () => onSaved(await api.post<CohortView>(`/api/cohorts/${cohort.id}/archive`))} />
        </section>
      )}
    </>
  );
}
