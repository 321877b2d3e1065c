import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

// The self-service endpoint does not exist yet (today only coordinators create links, with
// POST /api/auth/magic-links { personId }); until it does, the form says to ask the coordinator.
const REQUEST_LINK_PATH = '/api/auth/magic-links/request';

/** "Send me a new link": asks for the address the invitation went to. */
export function NewLinkForm() {
  const { t } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'unavailable' | 'failed'>('idle');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState('sending');
    try {
      await api.post(REQUEST_LINK_PATH, { email });
      setState('sent');
    } catch (error) {
      setState(error instanceof ApiError && error.status === 404 ? 'unavailable' : 'failed');
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="stack">
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('signIn.yourEmail')}</label>
        <input id={`${id}-email`} type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
      </div>
      <button type="submit" disabled={state === 'sending'}>
        {t('signIn.sendNewLink')}
      </button>
      <div aria-live="polite">
        {state === 'sent' && <p className="notice notice-ok">{t('signIn.newLinkSent')}</p>}
        {state === 'unavailable' && <p className="notice">{t('signIn.newLinkUnavailable')}</p>}
        {state === 'failed' && <p className="notice notice-error">{t('error.network')}</p>}
      </div>
    </form>
  );
}
