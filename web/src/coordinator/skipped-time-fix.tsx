import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The nearest valid time of a 422 for a wall-clock time the clocks skip (server/time/instants.ts), if that is the failure. */
export function nearestValidTimeOf(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const nearest = error.problem['nearestValidTime'];
  return typeof nearest === 'string' ? nearest : undefined;
}

/** One click that takes the nearest time that exists and saves with it. */
export function SkippedTimeFix({ error, onUse }: { error: unknown; onUse: (localStart: string) => void }) {
  const { t } = useI18n();
  const nearest = nearestValidTimeOf(error);
  if (!nearest) return null;
  return (
    <p className="notice skipped-time">
      {t('sessions.skippedTime')}{' '}
      <button type="button" className="button-primary" onClick={() => onUse(nearest)}>
        {t('sessions.useNearest', { time: nearest.replace('T', ' ') })}
      </button>
    </p>
  );
}
