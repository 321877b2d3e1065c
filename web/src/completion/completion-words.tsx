import type { Completion } from '../api/types.ts';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';

/**
 * "2 more sessions, 45 more minutes" (or, once the programme is over, "2 sessions, 45 minutes" short):
 * joined the way the reader's language lists things.
 */
export function useNeedsInWords(): (needs: Completion['needs'], ahead: boolean) => string {
  const { plural, locale } = useI18n();
  return (needs, ahead) => {
    const parts = [
      needs.sessions > 0 && plural(ahead ? 'completion.moreSessions' : 'completion.sessions', needs.sessions),
      needs.minutes > 0 && plural(ahead ? 'completion.moreMinutes' : 'completion.minutes', Math.ceil(needs.minutes)),
    ].filter((part) => typeof part === 'string');
    return new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(parts);
  };
}

/** The status as a tag, with a `data-status` a test or a stylesheet can read. */
export function CompletionStatusTag({ status }: { status: Completion['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`tag tag-completion-${status}`} data-status={status}>
      {t(`completion.status.${status}` as MessageKey)}
    </span>
  );
}

/** One sentence on what is left: nothing, what is still needed, or by how much the person fell short; then any required session not attended. */
export function CompletionNeeds({ row, sessionTitle }: { row: Completion; sessionTitle: (id: string) => string }) {
  const { t, locale } = useI18n();
  const needsInWords = useNeedsInWords();
  const what = needsInWords(row.needs, row.status !== 'not_completed');
  const required = row.missingRequired.map(sessionTitle);
  let sentence: string;
  if (row.status === 'completed') sentence = t('completion.nothingNeeded');
  else if (!what) sentence = t('completion.requiredOnly');
  else if (row.status === 'not_completed') sentence = t('completion.wasShort', { what });
  else sentence = t('completion.stillNeeds', { what });
  return (
    <span className="completion-needs">
      {sentence}
      {required.length > 0 && <> {t('completion.requiredMissing', { sessions: new Intl.ListFormat(locale, { type: 'conjunction' }).format(required) })}</>}
    </span>
  );
}
