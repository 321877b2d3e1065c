import type { TeamRooms } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** While team rooms are open: the way into one's own team room, and back to the main room. */
export function TeamRoomBar({ open, inTeam, onGo, onBack }: { open: TeamRooms | null; inTeam: boolean; onGo: () => void; onBack: () => void }) {
  const { t } = useI18n();
  if (!open) return null;
  return (
    <div className="notice notice-ok team-room-bar" role="status">
      {inTeam ? (
        <button type="button" onClick={onBack}>
          {t('teams.backToMain')}
        </button>
      ) : (
        <>
          <p>{t('teams.openNotice', { count: open.teams.length })}</p>
          <button type="button" className="button-primary" onClick={onGo}>
            {t('teams.goToTeam')}
          </button>
        </>
      )}
    </div>
  );
}
