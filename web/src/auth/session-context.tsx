import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken } from '../api/client.ts';
import type { SignInSession } from '../api/types.ts';

interface SessionValue {
  /** undefined while loading, null when signed out. */
  session: SignInSession | null | undefined;
  signedIn: (session: SignInSession) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SignInSession | null | undefined>(undefined);

  useEffect(() => {
    api
      .get<SignInSession>('/api/auth/session')
      .then((current) => {
        setCsrfToken(current.csrfToken);
        setSession(current);
      })
      // A 401 means signed out; any other failure shows the sign-in page too, where retrying is one click.
      .catch(() => setSession(null));
  }, []);

  const signedIn = useCallback((next: SignInSession) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
  }, []);
  const signOut = useCallback(async () => {
    await api.post('/api/auth/sign-out');
    setCsrfToken(undefined);
    setSession(null);
  }, []);

  const value = useMemo(() => ({ session, signedIn, signOut }), [session, signedIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export const isStaffSession = (session: SignInSession | null | undefined) => Boolean(session?.staffRole);
