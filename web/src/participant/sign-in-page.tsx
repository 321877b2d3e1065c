import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { api } from '../api/client.ts';
import type { SignInSession } from '../api/types.ts';
import { useSession } from '../auth/session-context.tsx';
import { PageShell } from '../components/page-shell.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router/router.tsx';
import { NewLinkForm } from './new-link-form.tsx';
import { StaffSignInForm } from './staff-sign-in-form.tsx';

type LinkProblem = 'expired' | 'used' | 'unknown';

/** The invitation's link carries its token in the fragment (server/domain/notifications/links.ts). */
function tokenFromFragment(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? undefined;
}

function nextPath(session: SignInSession): string {
  const next = new URLSearchParams(location.search).get('next');
  // Only paths of this site: a crafted link must not send a fresh sign-in elsewhere.
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  return session.staffRole ? '/coordinator' : '/programme';
}

function MagicLinkLanding({ token }: { token: string }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [problem, setProblem] = useState<LinkProblem | 'failed'>();
  const started = useRef(false);

  useEffect(() => {
    // Redeeming spends the link: StrictMode's second effect run must not try it again.
    if (started.current) return;
    started.current = true;
    // The token leaves the address bar at once, so it is not kept in history or shared by accident.
    history.replaceState(null, '', location.pathname + location.search);
    api
      .post<SignInSession>('/api/auth/magic-links/redeem', { token })
      .then((session) => {
        signedIn(session);
        navigate(nextPath(session), { replace: true });
      })
      .catch((error: unknown) => {
        const reason = error instanceof ApiError ? error.problem['reason'] : undefined;
        setProblem(reason === 'expired' || reason === 'used' || reason === 'unknown' ? reason : 'failed');
      });
  }, [token, signedIn]);

  if (!problem) {
    return (
      <PageShell title={t('signIn.checkingLink')}>
        <p role="status">{t('signIn.checkingLinkBody')}</p>
      </PageShell>
    );
  }
  const heading = { expired: t('signIn.linkExpired'), used: t('signIn.linkUsed'), unknown: t('signIn.linkUnknown'), failed: t('signIn.linkFailed') }[problem];
  return (
    <PageShell title={heading}>
      <p className="notice notice-error" role="alert">
        {t('signIn.linkProblemBody')}
      </p>
      <NewLinkForm />
    </PageShell>
  );
}

export function SignInPage() {
  const { t } = useI18n();
  const [token] = useState(tokenFromFragment);
  if (token) return <MagicLinkLanding token={token} />;
  return (
    <PageShell title={t('signIn.title')}>
      <section aria-labelledby="participant-heading" className="card">
        <h2 id="participant-heading">{t('signIn.participants')}</h2>
        <p>{t('signIn.participantsBody')}</p>
        <NewLinkForm />
      </section>
      <section aria-labelledby="staff-heading" className="card">
        <h2 id="staff-heading">{t('signIn.staff')}</h2>
        <StaffSignInForm onSignedIn={(session) => navigate(nextPath(session), { replace: true })} />
      </section>
    </PageShell>
  );
}
