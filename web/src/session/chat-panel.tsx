import { useId, useState, type FormEvent } from 'react';
import type { ChatMessage } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatTime } from '../time/format.ts';

/** Messages are rendered as text nodes only: a message is exactly what its author typed. */
export function ChatPanel({ messages, timeZone, onSend }: { messages: ChatMessage[]; timeZone: string; onSend: (body: string) => Promise<unknown> }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    try {
      await onSend(draft);
      setDraft('');
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : t('error.network'));
    }
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="panel card">
      <h2 id={`${id}-heading`}>{t('chat.title')}</h2>
      <ol className="messages" aria-live="polite" aria-relevant="additions">
        {messages.map((message) => (
          <li key={message.id} className={message.hidden ? 'message message-hidden' : 'message'} data-message-id={message.id}>
            <span className="message-meta">
              <strong>{message.authorName}</strong> <time dateTime={message.createdAt}>{formatTime(message.createdAt, timeZone, locale)}</time>
            </span>
            <span className="message-body">{message.body}</span>
          </li>
        ))}
      </ol>
      {messages.length === 0 && <p className="muted">{t('chat.empty')}</p>}
      <form onSubmit={(event) => void submit(event)} className="inline-form">
        <label htmlFor={`${id}-draft`} className="visually-hidden">
          {t('chat.message')}
        </label>
        <input id={`${id}-draft`} value={draft} maxLength={2000} onChange={(event) => setDraft(event.target.value)} placeholder={t('chat.placeholder')} />
        <button type="submit">{t('chat.send')}</button>
      </form>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
