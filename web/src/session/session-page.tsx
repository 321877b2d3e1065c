import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { PageShell } from '../components/page-shell.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { useSessionRoom } from '../realtime/use-session-room.ts';
import { browserTimeZone, formatDateTime, formatDayTime, zoneLabel } from '../time/format.ts';
import { ChatPanel } from './chat-panel.tsx';
import { ConnectionStatus } from './connection-status.tsx';
import { HandsPanel } from './hands-panel.tsx';
import { MediaStage } from './media-stage.tsx';
import { PollsPanel } from './polls-panel.tsx';
import { QuestionsPanel } from './questions-panel.tsx';

function SessionHeading({ session, timeZone }: { session: SessionView; timeZone: string }) {
  const { t, locale } = useI18n();
  return (
    <p className="lead">
      {t(`kind.${session.kind}` as MessageKey)} · <time dateTime={session.startsAt}>{formatDateTime(session.startsAt, timeZone, locale)}</time>
      <span className="muted"> · {t('programme.hostTime', { city: zoneLabel(session.host.timeZone), time: formatDayTime(session.startsAt, session.host.timeZone, locale) })}</span>
    </p>
  );
}

/** The live session: media on one side, chat, questions and hands beside it, each working alone. */
export default function SessionPage({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const loaded = useLoad(() => api.get<SessionView>(`/api/sessions/${sessionId}`), [sessionId]);
  const { state, actions } = useSessionRoom(sessionId);
  const timeZone = browserTimeZone();
  const session = loaded.data;

  return (
    <PageShell title={session?.title ?? t('session.title')} wide>
      {loaded.loading && !session && <Loading />}
      <ErrorMessage error={loaded.error} />
      {session && <SessionHeading session={session} timeZone={timeZone} />}
      <ConnectionStatus connection={state.connection} />
      {state.ended && (
        <p className="notice" role="alert">
          {t('session.endedBecause', { reason: state.ended.reason })}
        </p>
      )}
      {state.removed && (
        <p className="notice notice-error" role="alert">
          {state.removed.reason ? t('session.removedBecause', { reason: state.removed.reason }) : t('session.removed')}
        </p>
      )}
      <div className="session-layout">
        <MediaStage sessionId={sessionId} timeZone={timeZone} languages={session?.interpretationLanguages ?? []} live={state} />
        <div className="side-panels">
          <PollsPanel polls={state.polls} canModerate={state.canModerate} onOpen={actions.openPoll} onVote={actions.votePoll} onClose={actions.closePoll} />
          <QuestionsPanel questions={state.questions} canModerate={state.canModerate} onAsk={actions.ask} onVote={actions.vote} onModerate={actions.moderate} />
          <HandsPanel hands={state.hands} canModerate={state.canModerate} onRaise={() => void actions.raiseHand()} onLower={(personId) => void actions.lowerHand(personId)} />
          <ChatPanel messages={state.messages} timeZone={timeZone} onSend={actions.sendMessage} />
        </div>
      </div>
    </PageShell>
  );
}
