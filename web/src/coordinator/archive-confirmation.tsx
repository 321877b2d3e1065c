import { useId, useState } from 'react';
import { ErrorMessage } from '../components/feedback.tsx';
import { useInlineForm } from '../components/use-inline-form.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** "Archive…" and, once asked, the question with the safe answer focused. */
export function ArchiveButton({ label, question, onArchive }: { label: string; question: string; onArchive: () => Promise<unknown> }) {
  const { t } = useI18n();
  const id = useId();
  const confirming = useInlineForm();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const archive = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onArchive();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  if (!confirming.isOpen) {
    return (
      <button type="button" ref={confirming.trigger} className="button-danger" onClick={confirming.open}>
        {label}
      </button>
    );
  }
  return (
    <div className="stack confirm" role="group" aria-labelledby={`${id}-question`}>
      <p id={`${id}-question`}>
        <strong>{question}</strong>
      </p>
      <div className="inline-form">
        <button type="button" className="button-danger" disabled={busy} onClick={() => void archive()}>
          {t('archive.confirm')}
        </button>
        <button type="button" autoFocus onClick={confirming.close}>
          {t('archive.keep')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
