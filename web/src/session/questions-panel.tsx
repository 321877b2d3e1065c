import { useId, useState, type FormEvent } from 'react';
import type { QuestionView } from '../api/types.ts';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { orderQuestions } from '../realtime/room-state.ts';

type Moderation = 'answered' | 'answered_live' | 'dismiss' | 'reopen' | 'pin' | 'unpin' | 'approve';

interface Props {
  questions: QuestionView[];
  canModerate: boolean;
  onAsk: (body: string, anonymous: boolean) => Promise<unknown>;
  onVote: (questionId: string, up: boolean) => Promise<unknown>;
  onModerate: (questionId: string, action: Moderation) => Promise<unknown>;
}

function QuestionItem({ question, canModerate, voted, onVote, onModerate }: { question: QuestionView; canModerate: boolean; voted: boolean; onVote: () => void; onModerate: (action: Moderation) => void }) {
  const { t } = useI18n();
  const answered = question.status === 'answered' || question.status === 'answered_live';
  return (
    <li className={`question question-${question.status}`} data-question-id={question.id} data-status={question.status}>
      <p className="question-body">{question.body}</p>
      <p className="question-meta">
        <span className={answered ? 'badge badge-ok' : 'badge'}>{t(`qa.status.${question.status}` as MessageKey)}</span>
        {question.pinned && <span className="badge">{t('qa.pinned')}</span>}
        {!question.approved && <span className="badge">{t('qa.awaiting')}</span>}
        <span className="muted">{question.authorName ?? t('qa.anonymous')}</span>
      </p>
      <div className="question-actions">
        <button type="button" aria-pressed={voted} onClick={onVote}>
          <span aria-hidden="true">▲ </span>
          {t('qa.voteLabel', { votes: question.votes })}
        </button>
        {canModerate && !answered && (
          <button type="button" onClick={() => onModerate('answered')}>
            {t('qa.markAnswered')}
          </button>
        )}
        {canModerate && !question.approved && (
          <button type="button" onClick={() => onModerate('approve')}>
            {t('qa.approve')}
          </button>
        )}
        {canModerate && question.status === 'open' && (
          <button type="button" onClick={() => onModerate('dismiss')}>
            {t('qa.dismiss')}
          </button>
        )}
        {canModerate && question.status !== 'open' && (
          <button type="button" onClick={() => onModerate('reopen')}>
            {t('qa.reopen')}
          </button>
        )}
        {canModerate && (
          <button type="button" onClick={() => onModerate(question.pinned ? 'unpin' : 'pin')}>
            {question.pinned ? t('qa.unpin') : t('qa.pin')}
          </button>
        )}
      </div>
    </li>
  );
}

export function QuestionsPanel({ questions, canModerate, onAsk, onVote, onModerate }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [voted, setVoted] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string>();

  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setProblem(undefined);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : t('error.network'));
    }
  };
  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.trim()) return;
    void attempt(async () => {
      await onAsk(draft, anonymous);
      setDraft('');
    });
  };
  const vote = (questionId: string) => {
    const up = !voted.has(questionId);
    void attempt(async () => {
      await onVote(questionId, up);
      setVoted((previous) => {
        const next = new Set(previous);
        if (up) next.add(questionId);
        else next.delete(questionId);
        return next;
      });
    });
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="panel card">
      <h2 id={`${id}-heading`}>{t('qa.title')}</h2>
      <form onSubmit={ask} className="stack">
        <label htmlFor={`${id}-question`}>{t('qa.yourQuestion')}</label>
        <textarea id={`${id}-question`} value={draft} maxLength={1000} rows={2} onChange={(event) => setDraft(event.target.value)} />
        <label className="toggle">
          <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.target.checked)} />
          {t('qa.askAnonymously')}
        </label>
        <button type="submit">{t('qa.ask')}</button>
      </form>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      <ol className="questions" aria-live="polite">
        {orderQuestions(questions).map((question) => (
          <QuestionItem
            key={question.id}
            question={question}
            canModerate={canModerate}
            voted={voted.has(question.id)}
            onVote={() => vote(question.id)}
            onModerate={(action) => void attempt(() => onModerate(question.id, action))}
          />
        ))}
      </ol>
      {questions.length === 0 && <p className="muted">{t('qa.empty')}</p>}
    </section>
  );
}
