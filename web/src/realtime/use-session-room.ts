import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { ChatMessage, Poll, QuestionView, RaisedHand, RoomEvent } from '../api/types.ts';
import type { ServerToClientEvents } from '../../../server/realtime/events.ts';
import { command, connectDiscussion, type DiscussionSocket } from './socket.ts';
import { RoomSequencer, isRoomEvent } from './room-sequencer.ts';
import { initialRoomState, roomReducer } from './room-state.ts';

const roomEventKinds = ['chat:sent', 'chat:edited', 'chat:deleted', 'chat:hidden', 'qa:asked', 'qa:voted', 'qa:updated', 'hand:raised', 'hand:lowered', 'poll:opened', 'poll:voted', 'poll:closed'] as const satisfies readonly (keyof ServerToClientEvents)[];

interface Joined {
  room: string;
  sequence: number;
  canModerate: boolean;
}
interface History {
  messages: (ChatMessage & { position: number })[];
}

/**
 * A session's discussion room: joins it, loads chat, questions and hands, applies pushes in
 * sequence order, and after a reconnection Socket.IO could not replay, asks for what was missed.
 */
export function useSessionRoom(sessionId: string) {
  const [state, dispatch] = useReducer(roomReducer, initialRoomState);
  const socketRef = useRef<DiscussionSocket | undefined>(undefined);
  const takeRef = useRef<(event: unknown) => void>(() => undefined);
  const room = useMemo(() => ({ type: 'session' as const, sessionId }), [sessionId]);

  useEffect(() => {
    const socket = connectDiscussion();
    socketRef.current = socket;
    let joinedOnce = false;
    let syncing: Promise<void> | undefined;

    const refreshHands = () => {
      command<RaisedHand[]>(socket, 'hand:list', { sessionId })
        .then((hands) => dispatch({ type: 'hands', hands }))
        .catch(() => undefined); // the next hand event or reconnection reads the list again
    };
    const sequencer = new RoomSequencer((event) => {
      dispatch({ type: 'event', event });
      if (event.kind.startsWith('hand:')) refreshHands();
    });
    const syncMissed = () => {
      syncing ??= (async () => {
        try {
          for (;;) {
            const answer = await command<{ events: RoomEvent[]; complete: boolean }>(socket, 'room:sync', { room, after: sequencer.last, limit: 500 });
            answer.events.forEach((event) => sequencer.accept(event));
            if (answer.complete || answer.events.length === 0) break;
          }
        } finally {
          syncing = undefined;
        }
      })();
      return syncing;
    };
    const take = (event: unknown) => {
      if (isRoomEvent(event) && sequencer.accept(event)) void syncMissed().catch(() => undefined);
    };

    const onConnect = async () => {
      dispatch({ type: 'connection', value: 'online' });
      // Within the recovery window Socket.IO restores the rooms and replays what was missed.
      if (joinedOnce && socket.recovered) return;
      const joined = await command<Joined>(socket, 'room:join', { room });
      if (joinedOnce) {
        await syncMissed();
        refreshHands();
        // Poll totals are not replayed in full by room events: read the list again.
        dispatch({ type: 'polls', polls: await command<Poll[]>(socket, 'poll:list', { sessionId }) });
        return;
      }
      joinedOnce = true;
      sequencer.reset(joined.sequence);
      const [history, questions, hands, polls] = await Promise.all([
        command<History>(socket, 'chat:history', { room, limit: 100 }),
        command<QuestionView[]>(socket, 'qa:list', { sessionId, sort: 'time' }),
        command<RaisedHand[]>(socket, 'hand:list', { sessionId }),
        command<Poll[]>(socket, 'poll:list', { sessionId }),
      ]);
      dispatch({ type: 'loaded', canModerate: joined.canModerate, messages: [...history.messages].reverse(), questions, hands, polls });
    };

    socket.on('connect', () => void onConnect().catch(() => dispatch({ type: 'connection', value: 'offline' })));
    socket.on('disconnect', () => dispatch({ type: 'connection', value: 'offline' }));
    socket.on('connect_error', () => dispatch({ type: 'connection', value: 'offline' }));
    takeRef.current = take;
    for (const kind of roomEventKinds) socket.on(kind, take);
    socket.on('qa:submitted', ({ question }) => dispatch({ type: 'question', question: question as QuestionView }));
    socket.on('poll:tally', (tally) => dispatch({ type: 'tally', ...tally }));
    socket.on('session:ended', ({ reason }) => dispatch({ type: 'ended', reason }));
    socket.on('live:removed', (payload) => {
      if (payload.sessionId === sessionId) dispatch({ type: 'removed', reason: payload.reason });
    });
    socket.on('teams:opened', (rooms) => {
      if (rooms.sessionId === sessionId) dispatch({ type: 'teams-opened', rooms });
    });
    socket.on('teams:closed', (closed) => {
      if (closed.sessionId === sessionId) dispatch({ type: 'teams-closed', breakoutId: closed.breakoutId });
    });

    return () => {
      socket.disconnect();
      socketRef.current = undefined;
    };
  }, [room, sessionId]);

  /** Runs a command; an acknowledged room event is shown at once (its broadcast is then a no-op). */
  const send = useCallback(async <T,>(run: (socket: DiscussionSocket) => Promise<T>): Promise<T> => {
    const socket = socketRef.current;
    if (!socket) throw new Error('not connected');
    const answer = await run(socket);
    takeRef.current(answer);
    return answer;
  }, []);

  const actions = useMemo(
    () => ({
      sendMessage: (body: string) => send((s) => command<RoomEvent>(s, 'chat:send', { room, body })),
      ask: async (body: string, anonymous: boolean) => {
        const answer = await send((s) => command<RoomEvent | { awaitingApproval: QuestionView }>(s, 'qa:ask', { sessionId, body, anonymous }));
        // A premoderated question is broadcast only once approved: its author sees it waiting meanwhile.
        if ('awaitingApproval' in answer) dispatch({ type: 'question', question: answer.awaitingApproval });
        return answer;
      },
      vote: (questionId: string, up: boolean) => send((s) => command(s, up ? 'qa:vote' : 'qa:unvote', { questionId })),
      moderate: (questionId: string, action: 'answered' | 'answered_live' | 'dismiss' | 'reopen' | 'pin' | 'unpin' | 'approve') => send((s) => command(s, 'qa:moderate', { questionId, action })),
      raiseHand: () => send((s) => command(s, 'hand:raise', { sessionId })),
      lowerHand: (personId?: string) => send((s) => command(s, 'hand:lower', personId ? { sessionId, personId } : { sessionId })),
      presence: () => send((s) => command<{ personId: string }[]>(s, 'presence:list', { sessionId })),
      openPoll: (question: string, options: string[], multiple: boolean) => send((s) => command<RoomEvent>(s, 'poll:open', { sessionId, question, options, multiple })),
      votePoll: (pollId: string, choices: number[]) => send((s) => command<RoomEvent>(s, 'poll:vote', { pollId, choices })),
      closePoll: (pollId: string, publish: boolean) => send((s) => command<RoomEvent>(s, 'poll:close', { pollId, publish })),
    }),
    [send, room, sessionId],
  );

  return { state, actions };
}
