import { useI18n } from '../i18n/i18n.tsx';
import type { RoomState } from '../realtime/room-state.ts';

export function ConnectionStatus({ connection }: { connection: RoomState['connection'] }) {
  const { t } = useI18n();
  const text = { connecting: t('realtime.connecting'), online: t('realtime.online'), offline: t('realtime.offline') }[connection];
  return (
    <p className={`connection connection-${connection}`} role="status" data-connection={connection}>
      {text}
    </p>
  );
}
