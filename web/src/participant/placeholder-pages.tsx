import { PageShell } from '../components/page-shell.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';

/** Public certificate check; waits for the certificates API (not built yet). */
export function VerifyCertificatePage({ number }: { number: string }) {
  const { t } = useI18n();
  return (
    <PageShell title={t('verify.title')}>
      <p>{t('verify.number', { number })}</p>
      <p className="notice">{t('placeholder.certificates')}</p>
    </PageShell>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <PageShell title={t('notFound.title')}>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </PageShell>
  );
}
