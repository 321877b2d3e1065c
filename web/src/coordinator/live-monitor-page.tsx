import { useCallback, useState } from 'react';
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
import { PollsPanel } from '../session/polls-panel.tsx';
import { QuestionsPanel } from '../session/questions-panel.tsx';
import { LivePeoplePanel } from './live-people-panel.tsx';
import { ModerationLog } from './moderation-log.tsx';
import { SessionControls } from './session-controls.tsx';

/** The coordinator's or lecturer's view of a live session: who is in, moderation, team rooms, questions, hands, polls. */
export default function LiveMonitorPage({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const session = useLoad(() => api.get<SessionView>(`/api/sessions/${sessionId}`), [sessionId]);
  const { state, actions } = useSessionRoom(sessionId);
  const [version, setVersion] = useState(0);
  const acted = useCallback(() => setVersion((v) => v + 1), []);
  const timeZone = browserTimeZone();

  return (
    <PageShell title={t('monitor.title', { title: session.data?.title ?? '' })} wide>
      <ErrorMessage error={session.error} />
      <ConnectionStatus connection={state.connection} />
      <p className="lead">
        <Link to={`/sessions/${sessionId}`}>{t('monitor.openSession')}</Link>
        {session.data && (
          <>
            {' · '}
            <Link to={`/coordinator/cohorts/${session.data.cohortId}/teams`}>{t('teams.manage')}</Link>
          </>
        )}
      </p>
      {state.ended && (
        <p className="notice" role="status">
          {t('session.endedBecause', { reason: state.ended.reason })}
        </p>
      )}
      <div className="monitor-layout">
        <div>
          <LivePeoplePanel sessionId={sessionId} cohortId={session.data?.cohortId} presence={actions.presence} online={state.connection === 'online'} onAction={acted} />
          <QuestionsPanel questions={state.questions} canModerate={state.canModerate} onAsk={actions.ask} onVote={actions.vote} onModerate={actions.moderate} />
        </div>
        <div className="side-panels">
          <SessionControls sessionId={sessionId} teamRooms={state.teamRooms} ended={Boolean(state.ended)} onAction={acted} />
          <PollsPanel polls={state.polls} canModerate={state.canModerate} onOpen={actions.openPoll} onVote={actions.votePoll} onClose={actions.closePoll} />
          <HandsPanel hands={state.hands} canModerate={state.canModerate} onRaise={() => void actions.raiseHand()} onLower={(personId) => void actions.lowerHand(personId)} />
          <ModerationLog sessionId={sessionId} version={version} timeZone={timeZone} />
          <ChatPanel messages={state.messages} timeZone={timeZone} onSend={actions.sendMessage} />
        </div>
      </div>
    </PageShell>
  );
}
