import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldProblems, problemOf } from '../api/field-problems.ts';
import type { SessionView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field, SelectField, TextAreaField } from '../components/field.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { sessionKinds } from './session-kinds.ts';
import { SkippedTimeFix } from './skipped-time-fix.tsx';

export type SavedSession = SessionView & { notices: string[] };

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);
const codes = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

/** Every field of a session; only what changed is sent (PATCH /api/sessions/:id), and nothing when nothing did. */
export function SessionEditForm({ session, onSaved, onClose }: { session: SessionView; onSaved: (saved: SavedSession | undefined) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<string>(session.kind);
  const [title, setTitle] = useState(session.title);
  const [speakers, setSpeakers] = useState(session.speakers.join('\n'));
  const [localStart, setLocalStart] = useState(session.localStart.slice(0, 16));
  const [timeZone, setTimeZone] = useState(session.timeZone);
  const [duration, setDuration] = useState(String(session.durationMinutes));
  const [qaPremoderation, setQaPremoderation] = useState(session.qaPremoderation);
  const [languages, setLanguages] = useState(session.interpretationLanguages.join(', '));
  const [startMuted, setStartMuted] = useState(session.startMuted);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const problems = fieldProblems(error);

  const save = async (start = localStart) => {
    const changes = {
      ...(kind !== session.kind && { kind }),
      ...(title.trim() !== session.title && { title: title.trim() }),
      ...(!same(lines(speakers), session.speakers) && { speakers: lines(speakers) }),
      ...(start !== session.localStart.slice(0, 16) && { localStart: start }),
      ...(timeZone.trim() !== session.timeZone && { timeZone: timeZone.trim() }),
      ...(Number(duration) !== session.durationMinutes && { durationMinutes: Number(duration) }),
      ...(qaPremoderation !== session.qaPremoderation && { qaPremoderation }),
      ...(!same(codes(languages), session.interpretationLanguages) && { interpretationLanguages: codes(languages) }),
      ...(startMuted !== session.startMuted && { startMuted }),
    };
    if (Object.keys(changes).length === 0) return onSaved(undefined);
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await api.patch<SavedSession>(`/api/sessions/${session.id}`, changes));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };
  const takeNearest = (nearest: string) => {
    setLocalStart(nearest);
    void save(nearest);
  };

  return (
    <form onSubmit={submit} className="stack session-edit" aria-label={t('sessions.editOf', { title: session.title })}>
      <div className="grid-form">
        <Field label={t('sessions.sessionTitle')} autoFocus value={title} required maxLength={200} onChange={(event) => setTitle(event.target.value)} problem={problems.get('title')} />
        <SelectField label={t('sessions.kind')} value={kind} onChange={setKind} options={sessionKinds.map((k) => ({ value: k, label: t(`kind.${k}` as MessageKey) }))} problem={problems.get('kind')} />
        <Field label={t('sessions.localStart')} type="datetime-local" value={localStart} required onChange={(event) => setLocalStart(event.target.value)} problem={problems.get('localStart')} />
        <Field label={t('sessions.timeZone')} value={timeZone} required onChange={(event) => setTimeZone(event.target.value)} hint={t('sessions.timeZoneHint')} problem={problems.get('timeZone')} />
        <Field label={t('sessions.duration')} type="number" min={1} max={1440} value={duration} required onChange={(event) => setDuration(event.target.value)} problem={problems.get('durationMinutes')} />
        <Field label={t('sessions.languages')} value={languages} onChange={(event) => setLanguages(event.target.value)} hint={t('sessions.languagesHint')} problem={problemOf(problems, 'interpretationLanguages')} />
        <TextAreaField label={t('sessions.speakers')} value={speakers} rows={2} onChange={(event) => setSpeakers(event.target.value)} hint={t('sessions.speakersHint')} problem={problemOf(problems, 'speakers')} />
      </div>
      <SkippedTimeFix error={error} onUse={takeNearest} />
      <label className="toggle">
        <input type="checkbox" checked={qaPremoderation} onChange={(event) => setQaPremoderation(event.target.checked)} />
        {t('sessions.qaPremoderation')}
      </label>
      <label className="toggle">
        <input type="checkbox" checked={startMuted} onChange={(event) => setStartMuted(event.target.checked)} />
        {t('sessions.startMuted')}
      </label>
      <div className="inline-form">
        <button type="submit" className="button-primary" disabled={busy}>
          {t('sessions.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
