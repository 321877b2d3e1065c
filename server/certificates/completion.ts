// Who completed a programme: a pure function of the cohort's sessions, one person's attendance and the clock.

export interface CompletionPolicy {
  /** Share (0..1) of the scheduled live minutes of sessions that took place, credited to the person. */
  minShareOfLiveMinutes?: number;
  minSessionsAttended?: number;
  /** Sessions everyone must attend, for example the person's own city's policy presentation. */
  requiredSessionIds: string[];
  /** Whether a coordinator's recorded make-up counts; when false, recorded make-ups are ignored. */
  allowMakeUp: boolean;
  /** Share (0..1] of a session's scheduled minutes from which it counts as attended; 0.5 when absent. */
  sessionCountsFromShare?: number;
}

export interface CompletionSession {
  id: string;
  scheduledMinutes: number;
  endsAt: Date;
  cancelled: boolean;
}

export interface SessionAttendance {
  sessionId: string;
  /** Minutes credited from the join and leave records. */
  creditedMinutes: number;
  /** A coordinator's correction; its minutes replace the credited ones. */
  override?: { minutes: number; reason: string };
  /** A coordinator's record that the person made the session up (it fell outside their hours). */
  makeUp?: { reason: string };
}

export type CompletionStatus = 'on_track' | 'at_risk' | 'completed' | 'not_completed';

export interface CompletionResult {
  status: CompletionStatus;
  creditedMinutes: number;
  scheduledMinutes: number;
  /** creditedMinutes / scheduledMinutes, 0 when nothing is scheduled. */
  share: number;
  sessionsAttended: number;
  /** Required sessions not (yet) attended, past or future. */
  missingRequired: string[];
  /** What is still missing to complete; zero once completed. */
  needs: { sessions: number; minutes: number };
  /** What attending every remaining session in full would still add. */
  remainingPossible: { sessions: number; minutes: number };
  /** Every session that was not cancelled has ended. */
  programmeOver: boolean;
}

/** Needing more than this share of what remains (sessions or minutes) makes a person at risk. */
export const AT_RISK_SHARE_OF_REMAINING = 0.75;
const DEFAULT_SESSION_COUNTS_FROM_SHARE = 0.5;
// Shares are decimals (0.75 of 600 is 450.00000000000006 in floating point); a threshold met
// exactly must count as met.
const EPSILON = 1e-9;

interface SessionCredit {
  session: CompletionSession;
  minutes: number;
  attended: boolean;
  past: boolean;
}

function assertValidPolicy(policy: CompletionPolicy): void {
  const share = policy.minShareOfLiveMinutes;
  if (share !== undefined && !(share >= 0 && share <= 1)) throw new RangeError(`minShareOfLiveMinutes must be within 0..1, not ${share}`);
  const sessions = policy.minSessionsAttended;
  if (sessions !== undefined && !(Number.isInteger(sessions) && sessions >= 0)) throw new RangeError(`minSessionsAttended must be a whole number >= 0, not ${sessions}`);
  const countsFrom = policy.sessionCountsFromShare;
  if (countsFrom !== undefined && !(countsFrom > 0 && countsFrom <= 1)) throw new RangeError(`sessionCountsFromShare must be within (0, 1], not ${countsFrom}`);
}

function creditSession(policy: CompletionPolicy, session: CompletionSession, record: SessionAttendance | undefined, now: Date): SessionCredit {
  const past = session.endsAt.getTime() <= now.getTime();
  const madeUp = policy.allowMakeUp && record?.makeUp !== undefined;
  const recorded = record?.override?.minutes ?? record?.creditedMinutes ?? 0;
  // A made-up session is credited in full; no session is credited beyond its scheduled length.
  const minutes = madeUp ? session.scheduledMinutes : Math.min(Math.max(recorded, 0), session.scheduledMinutes);
  const countsFrom = policy.sessionCountsFromShare ?? DEFAULT_SESSION_COUNTS_FROM_SHARE;
  const attended = madeUp || (minutes > 0 && minutes + EPSILON >= countsFrom * session.scheduledMinutes);
  return { session, minutes, attended, past };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * Decides one person's completion status. The rules:
 *
 * - Cancelled sessions do not exist for completion: not scheduled, not attendable, not required.
 * - A session's minutes are the coordinator's override when there is one, else the credited minutes,
 *   capped at the session's length. It counts as attended from `sessionCountsFromShare` (default half)
 *   of its length. A recorded make-up, when the policy allows make-ups, counts it as attended and
 *   credits its full length, because the coordinator records it as equivalent to attending.
 * - `completed`: the minutes share, the session count and every required session are met. Attendance
 *   never decreases, so this may be decided before the last session.
 * - `not_completed`: not completed and either every session has ended, or even attending every
 *   remaining session in full could not meet a threshold, or a required session was missed and the
 *   policy allows no make-up.
 * - `at_risk`: still possible, but the person needs more than 75% of the remaining sessions or
 *   minutes, or a missed required session can now only be saved by a make-up. `needs` says how much.
 * - `on_track`: anything else.
 */
export function evaluateCompletion(policy: CompletionPolicy, sessions: CompletionSession[], attendance: SessionAttendance[], now: Date): CompletionResult {
  assertValidPolicy(policy);
  const records = new Map(attendance.map((record) => [record.sessionId, record]));
  const credits = sessions.filter((s) => !s.cancelled).map((s) => creditSession(policy, s, records.get(s.id), now));
  const byId = new Map(credits.map((credit) => [credit.session.id, credit]));

  const scheduledMinutes = sum(credits.map((c) => c.session.scheduledMinutes));
  const creditedMinutes = sum(credits.map((c) => c.minutes));
  const sessionsAttended = credits.filter((c) => c.attended).length;
  const requiredCredits = policy.requiredSessionIds.map((id) => byId.get(id)).filter((c) => c !== undefined);
  const missingRequired = requiredCredits.filter((c) => !c.attended);
  const requiredMissedForGood = missingRequired.filter((c) => c.past);
  const requiredStillAhead = missingRequired.filter((c) => !c.past);

  const minutesTarget = policy.minShareOfLiveMinutes === undefined ? 0 : policy.minShareOfLiveMinutes * scheduledMinutes;
  const minutesNeeded = Math.max(0, Math.ceil(minutesTarget - creditedMinutes - EPSILON));
  const sessionsNeeded = Math.max((policy.minSessionsAttended ?? 0) - sessionsAttended, requiredStillAhead.length, 0);

  const ahead = credits.filter((c) => !c.past && !c.attended);
  const remainingPossible = { sessions: ahead.length, minutes: sum(ahead.map((c) => c.session.scheduledMinutes - c.minutes)) };
  const programmeOver = credits.every((c) => c.past);

  const complete = minutesNeeded === 0 && sessionsNeeded === 0 && missingRequired.length === 0;
  const unreachable =
    minutesNeeded > remainingPossible.minutes ||
    sessionsNeeded > remainingPossible.sessions ||
    (requiredMissedForGood.length > 0 && !policy.allowMakeUp);
  const tight =
    minutesNeeded > AT_RISK_SHARE_OF_REMAINING * remainingPossible.minutes ||
    sessionsNeeded > AT_RISK_SHARE_OF_REMAINING * remainingPossible.sessions ||
    requiredMissedForGood.length > 0;

  const status: CompletionStatus = complete ? 'completed' : programmeOver || unreachable ? 'not_completed' : tight ? 'at_risk' : 'on_track';
  return {
    status,
    creditedMinutes,
    scheduledMinutes,
    share: scheduledMinutes === 0 ? 0 : creditedMinutes / scheduledMinutes,
    sessionsAttended,
    missingRequired: missingRequired.map((c) => c.session.id),
    needs: complete ? { sessions: 0, minutes: 0 } : { sessions: sessionsNeeded, minutes: minutesNeeded },
    remainingPossible,
    programmeOver,
  };
}
