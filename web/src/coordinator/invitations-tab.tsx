import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { CohortView, Deliveries, DeliveryState, InvitationResult } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { connectDiscussion } from '../realtime/socket.ts';

const states: DeliveryState[] = ['pending', 'sending', 'sent', 'failed', 'skipped'];

/** Re-reads the deliveries whenever the worker reports a state change on the staff channel. */
function useDeliveryUpdates(cohortId: string, onUpdate: () => void) {
  useEffect(() => {
    const socket = connectDiscussion();
    let timer: number | undefined;
    socket.on('delivery:updated', (update) => {
      if (update.cohortId !== cohortId) return;
      // A batch of 500 updates becomes one reload.
      window.clearTimeout(timer);
      timer = window.setTimeout(onUpdate, 300);
    });
    return () => {
      window.clearTimeout(timer);
      socket.disconnect();
    };
  }, [cohortId, onUpdate]);
}

export function InvitationsTab({ cohort }: { cohort: CohortView }) {
  const { t } = useI18n();
  const deliveries = useLoad(() => api.get<Deliveries>(`/api/cohorts/${cohort.id}/deliveries`), [cohort.id]);
  const [sent, setSent] = useState<InvitationResult>();
  const [error, setError] = useState<unknown>();
  useDeliveryUpdates(cohort.id, deliveries.reload);

  const send = async () => {
    setError(undefined);
    try {
      setSent(await api.post<InvitationResult>(`/api/cohorts/${cohort.id}/invitations`));
      deliveries.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <section aria-labelledby="invite-heading" className="card">
        <h2 id="invite-heading">{t('invitations.title')}</h2>
        <p>{t('invitations.help')}</p>
        <button type="button" className="button-primary" onClick={() => void send()}>
          {t('invitations.send')}
        </button>
        <div aria-live="polite">
          {sent && (
            <p className="notice notice-ok" role="status">
              {t('invitations.queued', { recipients: sent.recipients, created: sent.created })}
            </p>
          )}
          <ErrorMessage error={error} />
        </div>
      </section>
      <section aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">{t('invitations.deliveries')}</h2>
        <ErrorMessage error={deliveries.error} />
        {deliveries.loading && !deliveries.data && <Loading />}
        {deliveries.data && (
          <>
            <p className="summary" data-testid="delivery-summary">
              {states.map((state) => (
                <span key={state} className={`tag tag-${state}`}>
                  {t(`delivery.${state}` as MessageKey)}: {deliveries.data?.summary[state] ?? 0}
                </span>
              ))}
            </p>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('roster.name')}</th>
                    <th scope="col">{t('invitations.email')}</th>
                    <th scope="col">{t('invitations.messages')}</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.data.people.map((person) => (
                    <tr key={person.personId}>
                      <th scope="row">{person.name}</th>
                      <td>{person.email}</td>
                      <td>
                        <ul className="plain">
                          {person.messages.map((message) => (
                            <li key={message.id} data-state={message.state}>
                              {t(`delivery.kind.${message.kind}` as MessageKey)}: <span className={`tag tag-${message.state}`}>{t(`delivery.${message.state}` as MessageKey)}</span>
                              {message.lastError && <span className="muted"> — {message.lastError}</span>}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
