import type { ChatMessage, QuestionView, RaisedHand, RoomEvent } from '../api/types.ts';

export interface RoomState {
  connection: 'connecting' | 'online' | 'offline';
  canModerate: boolean;
  messages: ChatMessage[];
  questions: QuestionView[];
  hands: RaisedHand[];
  ended: boolean;
}

export type RoomAction =
  | { type: 'connection'; value: RoomState['connection'] }
  | { type: 'loaded'; canModerate: boolean; messages: ChatMessage[]; questions: QuestionView[]; hands: RaisedHand[] }
  | { type: 'event'; event: RoomEvent }
  | { type: 'question'; question: QuestionView }
  | { type: 'hands'; hands: RaisedHand[] }
  | { type: 'ended' };

export const initialRoomState: RoomState = { connection: 'connecting', canModerate: false, messages: [], questions: [], hands: [], ended: false };

function upsert<T extends { id: string }>(items: T[], item: T): T[] {
  const index = items.findIndex((existing) => existing.id === item.id);
  if (index === -1) return [...items, item];
  return items.map((existing, i) => (i === index ? item : existing));
}

/** Lists read after joining may miss or repeat pushes that raced them: merge by id, the list wins. */
function mergeById<T extends { id: string }>(fromServer: T[], seen: T[]): T[] {
  const known = new Set(fromServer.map((item) => item.id));
  return [...fromServer, ...seen.filter((item) => !known.has(item.id))];
}

function applyEvent(state: RoomState, event: RoomEvent): RoomState {
  const payload = event.payload as Record<string, unknown>;
  switch (event.kind) {
    case 'chat:sent': {
      const message = payload['message'] as ChatMessage;
      return state.messages.some((m) => m.id === message.id) ? state : { ...state, messages: [...state.messages, message] };
    }
    case 'chat:edited':
      return { ...state, messages: state.messages.map((m) => (m.id === payload['messageId'] ? { ...m, body: String(payload['body']), editedAt: String(payload['editedAt']) } : m)) };
    case 'chat:deleted':
      return { ...state, messages: state.messages.filter((m) => m.id !== payload['messageId']) };
    case 'chat:hidden':
      return state.canModerate
        ? { ...state, messages: state.messages.map((m) => (m.id === payload['messageId'] ? { ...m, hidden: true } : m)) }
        : { ...state, messages: state.messages.filter((m) => m.id !== payload['messageId']) };
    case 'qa:asked':
    case 'qa:updated':
      return { ...state, questions: upsert(state.questions, payload['question'] as QuestionView) };
    case 'qa:voted':
      return { ...state, questions: state.questions.map((q) => (q.id === payload['questionId'] ? { ...q, votes: Number(payload['votes']) } : q)) };
    default:
      return state; // hands are re-read as a list (their pushes carry no names); polls are not shown yet
  }
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.value };
    case 'loaded':
      return {
        ...state,
        canModerate: action.canModerate,
        messages: mergeById(action.messages, state.messages),
        questions: mergeById(action.questions, state.questions),
        hands: action.hands,
      };
    case 'event':
      return applyEvent(state, action.event);
    case 'question':
      return { ...state, questions: upsert(state.questions, action.question) };
    case 'hands':
      return { ...state, hands: action.hands };
    case 'ended':
      return { ...state, ended: true };
  }
}

/** Questions as a moderator or participant scans them: open first, then by votes, then oldest first. */
export function orderQuestions(questions: QuestionView[]): QuestionView[] {
  const rank = (q: QuestionView) => (q.status === 'open' ? 0 : q.status === 'dismissed' ? 2 : 1);
  return [...questions].sort((a, b) => Number(b.pinned) - Number(a.pinned) || rank(a) - rank(b) || b.votes - a.votes || a.createdAt.localeCompare(b.createdAt));
}
