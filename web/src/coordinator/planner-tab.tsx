import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { CandidateView, CohortView, EnrolmentView, Page, PlanView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ApplyPlanForm } from './apply-plan-form.tsx';
import { PlannerPicture, type PreferredHours } from './planner-picture.tsx';
import { RotationPicture } from './rotation-picture.tsx';

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

function weekdayName(isoWeekday: number, locale: string): string {
  // 2024-01-01 was a Monday; the name comes from Intl in the reader's language.
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, isoWeekday)));
}

function CandidateChoice({ candidates, chosen, onChoose }: { candidates: CandidateView[]; chosen: number; onChoose: (index: number) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="candidates">
      <legend>{t('planner.candidates')}</legend>
      {candidates.map((candidate, index) => (
        <label key={candidate.rank} className="candidate">
          <input type="radio" name="candidate" checked={index === chosen} onChange={() => onChoose(index)} />
          <strong>{candidate.hostTime}</strong>{' '}
          <span className="muted">{t('planner.candidateSummary', { rank: candidate.rank, worst: Math.round(candidate.worstCityShare * 100), hits: candidate.weekendOrHolidayHits })}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function PlannerTab({ cohort }: { cohort: CohortView }) {
  const { t, locale } = useI18n();
  const [duration, setDuration] = useState(90);
  const [days, setDays] = useState<number[]>([2, 4]);
  const [hostStart, setHostStart] = useState('07:00');
  const [hostEnd, setHostEnd] = useState('22:00');
  const [plan, setPlan] = useState<PlanView>();
  const [chosen, setChosen] = useState(0);
  const [sessionIndex, setSessionIndex] = useState(0);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const enrolments = useLoad(() => api.get<Page<EnrolmentView>>(`/api/cohorts/${cohort.id}/enrolments?limit=200`), [cohort.id]);
  const preferred: PreferredHours = useMemo(() => new Map((enrolments.data?.items ?? []).map((e) => [e.person.id, { start: e.preferredStart.slice(0, 5), end: e.preferredEnd.slice(0, 5) }])), [enrolments.data]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.post<PlanView>(`/api/cohorts/${cohort.id}/planner`, { durationMinutes: duration, weekdays: days, hostAvailableHours: { start: hostStart, end: hostEnd }, limit: 5 });
      setPlan(answer);
      setChosen(0);
      setSessionIndex(0);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const candidate = plan?.candidates[chosen];

  return (
    <>
      <section aria-labelledby="planner-heading" className="card">
        <h2 id="planner-heading">{t('planner.title')}</h2>
        <form onSubmit={(event) => void submit(event)} className="grid-form">
          <Field label={t('sessions.duration')} type="number" min={15} max={480} value={duration} onChange={(event) => setDuration(Number(event.target.value))} />
          <fieldset className="weekdays">
            <legend>{t('planner.weekdays', { zone: cohort.hostTimeZone })}</legend>
            {weekdays.map((day) => (
              <label key={day} className="toggle">
                <input type="checkbox" checked={days.includes(day)} onChange={(event) => setDays((current) => (event.target.checked ? [...current, day].sort() : current.filter((d) => d !== day)))} />
                {weekdayName(day, locale)}
              </label>
            ))}
          </fieldset>
          <Field label={t('planner.hostFrom')} type="time" value={hostStart} onChange={(event) => setHostStart(event.target.value)} />
          <Field label={t('planner.hostUntil')} type="time" value={hostEnd} onChange={(event) => setHostEnd(event.target.value)} />
          <button type="submit" disabled={busy || days.length === 0}>
            {t('planner.run')}
          </button>
        </form>
        <ErrorMessage error={error} />
      </section>
      {plan && plan.candidates.length === 0 && <p className="notice">{t('planner.noCandidates')}</p>}
      {plan?.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      {plan && candidate && (
        <section aria-labelledby="picture-heading" className="card">
          <h2 id="picture-heading">{t('planner.pictureTitle', { time: candidate.hostTime })}</h2>
          <CandidateChoice candidates={plan.candidates} chosen={chosen} onChoose={(index) => setChosen(index)} />
          <div className="field">
            <label htmlFor="planner-date">{t('planner.sessionDate')}</label>
            <select id="planner-date" value={sessionIndex} onChange={(event) => setSessionIndex(Number(event.target.value))}>
              {candidate.sessions.map((session, index) => (
                <option key={session.hostLocalStart} value={index}>
                  {session.hostLocalStart.replace('T', ' ')}
                </option>
              ))}
            </select>
          </div>
          <PlannerPicture candidate={candidate} sessionIndex={Math.min(sessionIndex, candidate.sessions.length - 1)} duration={plan.durationMinutes} preferred={preferred} />
          {candidate.warnings.map((warning) => (
            <p key={warning} className="notice">
              {warning}
            </p>
          ))}
          <ApplyPlanForm cohort={cohort} starts={candidate.sessions.map((session) => session.hostLocalStart)} duration={plan.durationMinutes} buttonLabel={t('planner.apply', { count: candidate.sessions.length, time: candidate.hostTime })} />
        </section>
      )}
      {plan?.rotation && <RotationPicture cohort={cohort} plan={plan} rotation={plan.rotation} />}
    </>
  );
}
