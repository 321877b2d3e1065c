import { PageShell } from '../components/page-shell.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';

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
