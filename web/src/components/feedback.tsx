import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** An API or network failure in words a person can act on; announced to screen readers. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const text = error instanceof ApiError ? error.message : t('error.network');
  return (
    <p className="notice notice-error" role="alert">
      {text}
    </p>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}
