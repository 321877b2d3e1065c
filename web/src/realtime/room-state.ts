import type { ChatMessage, Poll, QuestionView, RaisedHand, RoomEvent, TeamRooms } from '../api/types.ts';

export interface RoomState {
  connection: 'connecting' | 'online' | 'offline';
  canModerate: boolean;
  messages: ChatMessage[];
  questions: QuestionView[];
  hands: RaisedHand[];
  polls: Poll[];
  /** The team rooms while they are open, else null. */
  teamRooms: TeamRooms | null;
  /** Set when a moderator called everyone back (cleared by the next opening). */
  teamRoomsClosed: boolean;
  /** The reason given when the session was ended for everyone, or null while it runs. */
  ended: { reason: string } | null;
  /** Set when a moderator removed this person from the session. */
  removed: { reason: string | null } | null;
}

export type RoomAction =
  | { type: 'connection'; value: RoomState['connection'] }
  | { type: 'loaded'; canModerate: boolean; messages: ChatMessage[]; questions: QuestionView[]; hands: RaisedHand[]; polls: Poll[] }
  | { type: 'event'; event: RoomEvent }
  | { type: 'question'; question: QuestionView }
  | { type: 'hands'; hands: RaisedHand[] }
  | { type: 'polls'; polls: Poll[] }
  | { type: 'tally'; pollId: string; counts: number[]; voters: number }
  | { type: 'teams-opened'; rooms: TeamRooms }
  | { type: 'teams-closed'; breakoutId: string }
  | { type: 'removed'; reason: string | null }
  | { type: 'ended'; reason: string };

export const initialRoomState: RoomState = { connection: 'connecting', canModerate: false, messages: [], questions: [], hands: [], polls: [], teamRooms: null, teamRoomsClosed: false, ended: null, removed: null };

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
    case 'poll:opened': {
      const poll = payload['poll'] as Omit<Poll, 'results'>;
      return { ...state, polls: upsert(state.polls, { ...poll, results: state.canModerate ? { counts: poll.options.map(() => 0), voters: 0 } : null }) };
    }
    case 'poll:voted':
      // The room hears only how many voted; moderators get the counts as a separate tally.
      return state;
    case 'poll:closed':
      return {
        ...state,
        polls: state.polls.map((p) => (p.id === payload['pollId'] ? { ...p, status: 'closed', published: Boolean(payload['published']), results: payload['counts'] ? totalsOf(payload) : state.canModerate ? p.results : null } : p)),
      };
    default:
      return state; // hands are re-read as a list (their pushes carry no names)
  }
}

const totalsOf = (payload: Record<string, unknown>) => ({ counts: payload['counts'] as number[], voters: Number(payload['voters']) });

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
        polls: action.polls,
      };
    case 'event':
      return applyEvent(state, action.event);
    case 'question':
      return { ...state, questions: upsert(state.questions, action.question) };
    case 'hands':
      return { ...state, hands: action.hands };
    case 'polls':
      return { ...state, polls: action.polls };
    case 'tally':
      return state.canModerate ? { ...state, polls: state.polls.map((p) => (p.id === action.pollId ? { ...p, results: { counts: action.counts, voters: action.voters } } : p)) } : state;
    case 'teams-opened':
      return { ...state, teamRooms: action.rooms, teamRoomsClosed: false };
    case 'teams-closed':
      return state.teamRooms && state.teamRooms.breakoutId !== action.breakoutId ? state : { ...state, teamRooms: null, teamRoomsClosed: true };
    case 'removed':
      return { ...state, removed: { reason: action.reason } };
    case 'ended':
      return { ...state, ended: { reason: action.reason }, teamRooms: null };
  }
}

/** Questions as a moderator or participant scans them: open first, then by votes, then oldest first. */
export function orderQuestions(questions: QuestionView[]): QuestionView[] {
  const rank = (q: QuestionView) => (q.status === 'open' ? 0 : q.status === 'dismissed' ? 2 : 1);
  return [...questions].sort((a, b) => Number(b.pinned) - Number(a.pinned) || rank(a) - rank(b) || b.votes - a.votes || a.createdAt.localeCompare(b.createdAt));
}
