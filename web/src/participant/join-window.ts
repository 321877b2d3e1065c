// The server opens joining JOIN_WINDOW_MINUTES before the start (it says when, in `joinOpensAt`) and
// refuses earlier with a 409 saying when; the page only uses this to decide what to show, never access.
export const JOIN_WINDOW_MS = 15 * 60_000;

export type JoinState = { kind: 'countdown'; opensAt: number } | { kind: 'open' } | { kind: 'ended' } | { kind: 'cancelled' };

export function joinStateOf(session: { startsAt: string; endsAt: string; status: string; joinOpensAt?: string | undefined }, now: number): JoinState {
  if (session.status === 'cancelled') return { kind: 'cancelled' };
  const opensAt = session.joinOpensAt ? new Date(session.joinOpensAt).getTime() : new Date(session.startsAt).getTime() - JOIN_WINDOW_MS;
  if (session.status === 'ended' || now >= new Date(session.endsAt).getTime()) return { kind: 'ended' };
  if (now < opensAt) return { kind: 'countdown', opensAt };
  return { kind: 'open' };
}
