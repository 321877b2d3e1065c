import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * "Send me a new link": asks for the address the invitation went to. The server answers the same
 * whether or not it knows the address (no one can probe who takes part), and so does this form.
 */
export function NewLinkForm() {
  const { t } = useI18n();
  const id = useId();
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState('sending');
    setError(undefined);
    try {
      await api.post('/api/auth/magic-links/request', { email: email.trim() });
      setState('sent');
    } catch (failure) {
      setState('idle');
      setError(failure);
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
        <ErrorMessage error={error} />
      </div>
    </form>
  );
}
