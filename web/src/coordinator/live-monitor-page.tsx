import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { PageShell } from '../components/page-shell.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useSessionRoom } from '../realtime/use-session-room.ts';
import { Link } from '../router/router.tsx';
import { browserTimeZone } from '../time/format.ts';
import { ChatPanel } from '../session/chat-panel.tsx';
import { ConnectionStatus } from '../session/connection-status.tsx';
import { HandsPanel } from '../session/hands-panel.tsx';
import { QuestionsPanel } from '../session/questions-panel.tsx';

const PRESENCE_REFRESH_MS = 15_000;

/** Who is in the room now (re-read every few seconds; presence has no push). */
function usePresenceCount(read: () => Promise<{ personId: string }[]>, online: boolean): number | undefined {
  const [count, setCount] = useState<number>();
  useEffect(() => {
    if (!online) return;
    const refresh = () => void read().then((people) => setCount(people.length), () => undefined);
    refresh();
    const timer = window.setInterval(refresh, PRESENCE_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [read, online]);
  return count;
}

export default function LiveMonitorPage({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const session = useLoad(() => api.get<SessionView>(`/api/sessions/${sessionId}`), [sessionId]);
  const { state, actions } = useSessionRoom(sessionId);
  const present = usePresenceCount(actions.presence, state.connection === 'online');

  return (
    <PageShell title={t('monitor.title', { title: session.data?.title ?? '' })} wide>
      <ErrorMessage error={session.error} />
      <ConnectionStatus connection={state.connection} />
      <p className="lead">
        {present !== undefined && <span data-testid="presence">{t('monitor.present', { count: present })}</span>} · <Link to={`/sessions/${sessionId}`}>{t('monitor.openSession')}</Link>
      </p>
      <p className="notice">{t('placeholder.moderation')}</p>
      <div className="monitor-layout">
        <QuestionsPanel questions={state.questions} canModerate={state.canModerate} onAsk={actions.ask} onVote={actions.vote} onModerate={actions.moderate} />
        <div className="side-panels">
          <HandsPanel hands={state.hands} canModerate={state.canModerate} onRaise={() => void actions.raiseHand()} onLower={(personId) => void actions.lowerHand(personId)} />
          <ChatPanel messages={state.messages} timeZone={browserTimeZone()} onSend={actions.sendMessage} />
        </div>
      </div>
    </PageShell>
  );
}
