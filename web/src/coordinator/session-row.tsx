import { useId, useState } from 'react';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useInlineForm } from '../components/use-inline-form.ts';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { formatDayTime } from '../time/format.ts';
import { SessionEditForm, type SavedSession } from './session-edit-form.tsx';

const COLUMNS = 5;

/** Cancelling mails a cancellation to everyone invited, so it is asked twice; the safe answer has the focus. */
function CancelConfirmation({ session, onCancelled, onKeep }: { session: SessionView; onCancelled: (saved: SavedSession) => void; onKeep: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onCancelled(await api.post<SavedSession>(`/api/sessions/${session.id}/cancel`));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <div className="stack confirm" role="group" aria-labelledby={`${id}-question`}>
      <p id={`${id}-question`}>
        <strong>{t('sessions.cancelQuestion', { title: session.title })}</strong>
      </p>
      <div className="inline-form">
        <button type="button" className="button-danger" disabled={busy} onClick={() => void cancel()}>
          {t('sessions.cancelConfirm')}
        </button>
        <button type="button" autoFocus onClick={onKeep}>
          {t('sessions.keep')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}

/** A session in the table, with its edit form and cancellation opening in a row beneath it. */
export function SessionRow({ session, hostTimeZone, onChanged }: { session: SessionView; hostTimeZone: string; onChanged: (notices: string[]) => void }) {
  const { t, locale } = useI18n();
  const editing = useInlineForm();
  const cancelling = useInlineForm();
  const isChangeable = session.status === 'scheduled';
  const saved = (result: SavedSession | undefined) => {
    editing.close();
    if (result) onChanged([t('sessions.saved', { title: result.title }), ...result.notices]);
  };
  const cancelled = (result: SavedSession) => {
    cancelling.close();
    onChanged([t('sessions.cancelled', { title: result.title })]);
  };
  return (
    <>
      <tr data-session-id={session.id} data-status={session.status}>
        <th scope="row">{session.title}</th>
        <td>
          {formatDayTime(session.startsAt, hostTimeZone, locale)}
          {session.timeZone !== hostTimeZone && <span className="muted small"> · {t('sessions.authoredIn', { time: session.localStart.slice(11, 16), zone: session.timeZone })}</span>}
        </td>
        <td>{t(`kind.${session.kind}` as MessageKey)}</td>
        <td>{t(`sessionStatus.${session.status}` as MessageKey)}</td>
        <td>
          <div className="row-actions">
            <Link to={`/coordinator/sessions/${session.id}/live`}>{t('sessions.monitor')}</Link>
            {isChangeable && (
              <>
                <button type="button" ref={editing.trigger} aria-expanded={editing.isOpen} disabled={cancelling.isOpen} onClick={editing.open} aria-label={t('sessions.editOf', { title: session.title })}>
                  {t('sessions.edit')}
                </button>
                <button type="button" ref={cancelling.trigger} className="button-danger" aria-expanded={cancelling.isOpen} disabled={editing.isOpen} onClick={cancelling.open} aria-label={t('sessions.cancelOf', { title: session.title })}>
                  {t('sessions.cancel')}
                </button>
              </>
            )}
          </div>
        </td>
      </tr>
      {(editing.isOpen || cancelling.isOpen) && (
        <tr className="row-form">
          <td colSpan={COLUMNS}>
            {editing.isOpen && <SessionEditForm session={session} onSaved={saved} onClose={editing.close} />}
            {cancelling.isOpen && <CancelConfirmation session={session} onCancelled={cancelled} onKeep={cancelling.close} />}
          </td>
        </tr>
      )}
    </>
  );
}
