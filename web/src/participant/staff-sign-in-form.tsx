import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { SignInSession } from '../api/types.ts';
import { useSession } from '../auth/session-context.tsx';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function StaffSignInForm({ onSignedIn }: { onSignedIn: (session: SignInSession) => void }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await api.post<SignInSession>('/api/auth/sign-in', { email, password });
      signedIn(session);
      onSignedIn(session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="stack">
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('signIn.email')}</label>
        <input id={`${id}-email`} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
        <input id={`${id}-password`} type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </div>
      <button type="submit" disabled={busy}>
        {t('signIn.submit')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
