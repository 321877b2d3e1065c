import { useEffect, useRef, type ReactNode } from 'react';
import { isStaffSession, useSession } from '../auth/session-context.tsx';
import { supportedLocales, useI18n, type Locale } from '../i18n/i18n.tsx';
import { Link, navigate, takePendingFocus, usePath } from '../router/router.tsx';

const languageNames: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français', ar: 'العربية' };

function LanguagePicker() {
  const { locale, chooseLocale, t } = useI18n();
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={locale} onChange={(event) => chooseLocale(event.target.value as Locale)}>
        {supportedLocales.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageNames[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Header, navigation and the main landmark every page shares. */
export function PageShell({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const { session, signOut } = useSession();
  const main = useRef<HTMLElement>(null);
  const path = usePath();
  // After a navigation the link that was followed is usually gone, and the focus with it: the new
  // page's main region takes it, so keyboard and screen-reader users land on the content, not the top.
  useEffect(() => {
    if (!takePendingFocus()) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) main.current?.focus({ preventScroll: true });
  }, [path]);
  const leave = async () => {
    await signOut();
    navigate('/sign-in');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          livecohort
        </Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {session && (
              <li>
                <Link to="/programme">{t('nav.myProgramme')}</Link>
              </li>
            )}
            {isStaffSession(session) && (
              <li>
                <Link to="/coordinator">{t('nav.cohorts')}</Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="header-tools">
          <LanguagePicker />
          {session && (
            <button type="button" className="link-button" onClick={() => void leave()}>
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className={wide ? 'page page-wide' : 'page'}>
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}
