import { useId, useState, type FormEvent } from 'react';
import type { Poll } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { CommandError } from '../realtime/socket.ts';

interface Props {
  polls: Poll[];
  canModerate: boolean;
  onOpen: (question: string, options: string[], multiple: boolean) => Promise<unknown>;
  onVote: (pollId: string, choices: number[]) => Promise<unknown>;
  onClose: (pollId: string, publish: boolean) => Promise<unknown>;
}

function Results({ poll }: { poll: Poll }) {
  const { t } = useI18n();
  if (!poll.results) return null;
  const { counts, voters } = poll.results;
  return (
    <>
      <ul className="plain poll-results">
        {poll.options.map((option, index) => {
          const count = counts[index] ?? 0;
          const percent = voters ? Math.round((count / voters) * 100) : 0;
          return (
            <li key={index}>
              <span>{option}</span> <strong>{t('polls.count', { count, percent })}</strong>
              <span className="poll-bar" aria-hidden="true">
                <span style={{ inlineSize: `${percent}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      <p className="muted small">{t('polls.voters', { count: voters })}</p>
    </>
  );
}

function PollItem({ poll, canModerate, onVote, onClose }: { poll: Poll; canModerate: boolean; onVote: Props['onVote']; onClose: Props['onClose'] }) {
  const { t } = useI18n();
  const id = useId();
  const [choices, setChoices] = useState<number[]>([]);
  const [voted, setVoted] = useState(false);
  const [problem, setProblem] = useState<string>();
  const attempt = (work: () => Promise<unknown>, after?: () => void) =>
    void work().then(
      () => {
        setProblem(undefined);
        after?.();
      },
      (error: unknown) => {
        // The server keeps one ballot per person; after a reload this page cannot know it voted before.
        if (error instanceof CommandError && error.code === 'conflict' && poll.status === 'open') setVoted(true);
        setProblem(error instanceof Error ? error.message : t('error.network'));
      },
    );
  const vote = (event: FormEvent) => {
    event.preventDefault();
    if (choices.length) attempt(() => onVote(poll.id, choices), () => setVoted(true));
  };
  const pick = (index: number, checked: boolean) => setChoices((current) => (poll.multiple ? (checked ? [...current, index] : current.filter((c) => c !== index)) : [index]));
  return (
    <li className="poll" data-poll-id={poll.id} data-status={poll.status}>
      {poll.status === 'open' && !voted ? (
        <form onSubmit={vote}>
          <fieldset>
            <legend>{poll.question}</legend>
            {poll.options.map((option, index) => (
              <label key={index} className="toggle poll-option">
                <input type={poll.multiple ? 'checkbox' : 'radio'} name={`${id}-choice`} checked={choices.includes(index)} onChange={(event) => pick(index, event.target.checked)} />
                {option}
              </label>
            ))}
            <button type="submit" disabled={choices.length === 0}>
              {t('polls.vote')}
            </button>
          </fieldset>
        </form>
      ) : (
        <>
          <h3>{poll.question}</h3>
          {poll.status === 'open' && <p className="muted">{t('polls.thanks')}</p>}
        </>
      )}
      {poll.status === 'closed' && <p className="badge">{poll.results ? t('polls.closed') : t('polls.closedUnpublished')}</p>}
      <Results poll={poll} />
      {canModerate && poll.status === 'open' && (
        <div className="question-actions">
          <button type="button" onClick={() => attempt(() => onClose(poll.id, true))}>
            {t('polls.closePublish')}
          </button>
          <button type="button" onClick={() => attempt(() => onClose(poll.id, false))}>
            {t('polls.closeQuietly')}
          </button>
        </div>
      )}
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

function NewPollForm({ onOpen }: { onOpen: Props['onOpen'] }) {
  const { t } = useI18n();
  const id = useId();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [multiple, setMultiple] = useState(false);
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = options.split('\n').map((line) => line.trim()).filter(Boolean);
    onOpen(question.trim(), list, multiple).then(
      () => {
        setQuestion('');
        setOptions('');
        setProblem(undefined);
      },
      (error: unknown) => setProblem(error instanceof Error ? error.message : t('error.network')),
    );
  };
  return (
    <details className="new-poll">
      <summary>{t('polls.new')}</summary>
      <form onSubmit={submit} className="stack">
        <label htmlFor={`${id}-question`}>{t('polls.question')}</label>
        <input id={`${id}-question`} value={question} maxLength={300} required onChange={(event) => setQuestion(event.target.value)} />
        <label htmlFor={`${id}-options`}>{t('polls.options')}</label>
        <textarea id={`${id}-options`} value={options} rows={4} required onChange={(event) => setOptions(event.target.value)} aria-describedby={`${id}-options-hint`} />
        <small id={`${id}-options-hint`} className="muted">
          {t('polls.optionsHint')}
        </small>
        <label className="toggle">
          <input type="checkbox" checked={multiple} onChange={(event) => setMultiple(event.target.checked)} />
          {t('polls.multiple')}
        </label>
        <button type="submit">{t('polls.open')}</button>
        {problem && (
          <p className="notice notice-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </details>
  );
}

/** Polls: moderators open and close them; everyone votes once; results once published (moderators see them live). */
export function PollsPanel({ polls, canModerate, onOpen, onVote, onClose }: Props) {
  const { t } = useI18n();
  const id = useId();
  if (!canModerate && polls.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-heading`} className="panel card">
      <h2 id={`${id}-heading`}>{t('polls.title')}</h2>
      {canModerate && <NewPollForm onOpen={onOpen} />}
      <ol className="plain polls" aria-live="polite">
        {[...polls].reverse().map((poll) => (
          <PollItem key={poll.id} poll={poll} canModerate={canModerate} onVote={onVote} onClose={onClose} />
        ))}
      </ol>
      {polls.length === 0 && <p className="muted">{t('polls.none')}</p>}
    </section>
  );
}
