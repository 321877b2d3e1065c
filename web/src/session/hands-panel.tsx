import type { RaisedHand } from '../api/types.ts';
import { useSession } from '../auth/session-context.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** Raise or lower one's own hand; moderators see the queue in arrival order and clear it. */
export function HandsPanel({ hands, canModerate, onRaise, onLower }: { hands: RaisedHand[]; canModerate: boolean; onRaise: () => void; onLower: (personId?: string) => void }) {
  const { t } = useI18n();
  const { session } = useSession();
  const mine = hands.some((hand) => hand.personId === session?.personId);
  return (
    <section aria-labelledby="hands-heading" className="panel card">
      <h2 id="hands-heading">{t('hands.title')}</h2>
      <button type="button" aria-pressed={mine} onClick={() => (mine ? onLower() : onRaise())}>
        {mine ? t('hands.lower') : t('hands.raise')}
      </button>
      <p className="muted" aria-live="polite">
        {t('hands.count', { count: hands.length })}
      </p>
      {canModerate && hands.length > 0 && (
        <ol className="hands">
          {hands.map((hand) => (
            <li key={hand.personId}>
              {hand.name}{' '}
              <button type="button" className="link-button" onClick={() => onLower(hand.personId)}>
                {t('hands.lowerFor', { name: hand.name })}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
