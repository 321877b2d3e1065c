import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { languageName } from './interpretation.ts';

const FLOOR = 'floor';
/** "French · français": the reader's name for the language, and the language's own. */
const optionLabel = (code: string, locale: string) => {
  const [theirs, own] = [languageName(code, locale), languageName(code, code)];
  return theirs === own ? own : `${theirs} · ${own}`;
};
const SAVED = 'saved';

/**
 * "Listen in": the floor (the original) or one interpretation channel. Until the first join tells
 * which language this person chose earlier in the programme, the saved choice stands.
 */
export function InterpretationPicker({ languages, value, onChoose }: { languages: string[]; value: string | null | undefined; onChoose: (language: string | null) => Promise<unknown> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [problem, setProblem] = useState<string>();
  if (languages.length === 0) return null;
  const choose = (next: string) => {
    onChoose(next === FLOOR ? null : next).then(
      () => setProblem(undefined),
      (error: unknown) => setProblem(error instanceof Error ? error.message : t('error.network')),
    );
  };
  return (
    <div className="field interpretation-picker">
      <label htmlFor={id}>{t('interpretation.listenIn')}</label>
      <select id={id} value={value === undefined ? SAVED : (value ?? FLOOR)} onChange={(event) => choose(event.target.value)} aria-describedby={`${id}-hint`}>
        {value === undefined && <option value={SAVED}>{t('interpretation.saved')}</option>}
        <option value={FLOOR}>{t('interpretation.floor')}</option>
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {optionLabel(code, locale)}
          </option>
        ))}
      </select>
      <small id={`${id}-hint`} className="muted">
        {value ? t('interpretation.hintInterpreted', { language: languageName(value, locale) }) : t('interpretation.hint')}
      </small>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
