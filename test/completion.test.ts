import { describe, expect, it } from 'vitest';
import { evaluateCompletion, type CompletionPolicy, type CompletionSession, type SessionAttendance } from '../server/certificates/completion.ts';

// Eight 90-minute lectures two days apart: 720 scheduled minutes, 75% of them is 540.
const sessions: CompletionSession[] = Array.from({ length: 8 }, (_, i) => ({
  id: `s${i + 1}`,
  scheduledMinutes: 90,
  endsAt: new Date(Date.UTC(2026, 6, 14 + 2 * i, 10, 30)),
  cancelled: false,
}));
const afterSession = (n: number) => new Date(sessions[n - 1]!.endsAt.getTime() + 60_000);
const programmeOver = afterSession(8);

const policy: CompletionPolicy = { minShareOfLiveMinutes: 0.75, requiredSessionIds: ['s3'], allowMakeUp: true };

/** Full attendance of the listed sessions. */
const attended = (...numbers: number[]): SessionAttendance[] => numbers.map((n) => ({ sessionId: `s${n}`, creditedMinutes: 90 }));

describe('completion', () => {
  it('completes exactly at the minutes threshold', () => {
    const result = evaluateCompletion(policy, sessions, attended(1, 2, 3, 4, 5, 6), programmeOver);
    expect(result).toMatchObject({ status: 'completed', creditedMinutes: 540, scheduledMinutes: 720, share: 0.75, sessionsAttended: 6, needs: { sessions: 0, minutes: 0 } });
  });

  it('does not complete one minute under the threshold, and says the minute is missing', () => {
    const attendance = [...attended(1, 2, 3, 4, 5), { sessionId: 's6', creditedMinutes: 89 }];
    const result = evaluateCompletion(policy, sessions, attendance, programmeOver);
    expect(result).toMatchObject({ status: 'not_completed', creditedMinutes: 539, needs: { minutes: 1 } });
  });

  it('lets a coordinator override raise the minutes to the threshold', () => {
    const attendance = [...attended(1, 2, 3, 4, 5), { sessionId: 's6', creditedMinutes: 89, override: { minutes: 90, reason: 'Connection dropped; was in the room' } }];
    expect(evaluateCompletion(policy, sessions, attendance, programmeOver)).toMatchObject({ status: 'completed', creditedMinutes: 540 });
  });

  it('lets an override lower the minutes too, never above the session length', () => {
    const lowered = [...attended(1, 2, 3, 4, 5), { sessionId: 's6', creditedMinutes: 90, override: { minutes: 10, reason: 'Logged in and left' } }];
    expect(evaluateCompletion(policy, sessions, lowered, programmeOver)).toMatchObject({ status: 'not_completed', creditedMinutes: 460 });
    const inflated = [...attended(1, 2, 3, 4), { sessionId: 's5', creditedMinutes: 0, override: { minutes: 500, reason: 'typo' } }];
    expect(evaluateCompletion(policy, sessions, inflated, programmeOver).creditedMinutes).toBe(450);
  });

  it('does not complete without a required session, however many minutes', () => {
    const strict = { ...policy, allowMakeUp: false };
    const result = evaluateCompletion(strict, sessions, attended(1, 2, 4, 5, 6, 7, 8), programmeOver);
    expect(result).toMatchObject({ status: 'not_completed', creditedMinutes: 630, missingRequired: ['s3'] });
  });

  it('knows it is lost as soon as a required session is missed when make-ups are not allowed', () => {
    const strict = { ...policy, allowMakeUp: false };
    expect(evaluateCompletion(strict, sessions, attended(1, 2), afterSession(3))).toMatchObject({ status: 'not_completed', missingRequired: ['s3'] });
  });

  it('is at risk after missing a required session that only a make-up can save', () => {
    expect(evaluateCompletion(policy, sessions, attended(1, 2), afterSession(3))).toMatchObject({ status: 'at_risk', missingRequired: ['s3'] });
  });

  it('counts a recorded make-up of a missed session as attended, in full', () => {
    const attendance = [...attended(1, 2, 4, 5, 6), { sessionId: 's3', creditedMinutes: 0, makeUp: { reason: 'Session at 03:00 in Mexico City; watched the recording' } }];
    expect(evaluateCompletion(policy, sessions, attendance, programmeOver)).toMatchObject({ status: 'completed', creditedMinutes: 540, missingRequired: [] });
    expect(evaluateCompletion({ ...policy, allowMakeUp: false }, sessions, attendance, programmeOver)).toMatchObject({ status: 'not_completed', missingRequired: ['s3'] });
  });

  it('is at risk when the person needs more than three quarters of the remaining sessions, saying how many', () => {
    const bySessions: CompletionPolicy = { minSessionsAttended: 6, requiredSessionIds: [], allowMakeUp: false };
    const result = evaluateCompletion(bySessions, sessions, attended(1, 2), afterSession(4));
    expect(result).toMatchObject({ status: 'at_risk', sessionsAttended: 2, needs: { sessions: 4 }, remainingPossible: { sessions: 4, minutes: 360 } });
  });

  it('is on track when needing exactly three quarters of the remaining sessions', () => {
    const bySessions: CompletionPolicy = { minSessionsAttended: 6, requiredSessionIds: [], allowMakeUp: false };
    expect(evaluateCompletion(bySessions, sessions, attended(1, 2, 3), afterSession(4))).toMatchObject({ status: 'on_track', needs: { sessions: 3 } });
  });

  it('is not completed before the end when even full attendance of what remains would fall short', () => {
    const result = evaluateCompletion(policy, sessions, attended(3), afterSession(4));
    expect(result).toMatchObject({ status: 'not_completed', needs: { minutes: 450 }, remainingPossible: { minutes: 360 }, programmeOver: false });
  });

  it('is at risk when the minutes still needed are more than three quarters of what remains', () => {
    // Needs 540 - 270 = 270 minutes of the 360 left: exactly 75%, on track; 44 minutes less attended tips it.
    expect(evaluateCompletion(policy, sessions, attended(1, 2, 3), afterSession(4)).status).toBe('on_track');
    const short = [...attended(1, 2), { sessionId: 's3', creditedMinutes: 46 }];
    expect(evaluateCompletion(policy, sessions, short, afterSession(4))).toMatchObject({ status: 'at_risk', needs: { minutes: 314 } });
  });

  it('ignores cancelled sessions: not scheduled, not required', () => {
    const withCancelled = sessions.map((s) => (s.id === 's3' || s.id === 's8' ? { ...s, cancelled: true } : s));
    const result = evaluateCompletion(policy, withCancelled, attended(1, 2, 4, 5, 6), programmeOver);
    // 6 sessions left: 540 minutes scheduled, 75% is 405; 450 credited.
    expect(result).toMatchObject({ status: 'completed', scheduledMinutes: 540, creditedMinutes: 450, missingRequired: [] });
  });

  it('counts a session as attended from half of it by default, or from the policy share', () => {
    const bySessions: CompletionPolicy = { minSessionsAttended: 1, requiredSessionIds: [], allowMakeUp: false };
    expect(evaluateCompletion(bySessions, sessions, [{ sessionId: 's1', creditedMinutes: 44 }], programmeOver).sessionsAttended).toBe(0);
    expect(evaluateCompletion(bySessions, sessions, [{ sessionId: 's1', creditedMinutes: 45 }], programmeOver).sessionsAttended).toBe(1);
    expect(evaluateCompletion({ ...bySessions, sessionCountsFromShare: 0.9 }, sessions, [{ sessionId: 's1', creditedMinutes: 80 }], programmeOver).sessionsAttended).toBe(0);
  });

  it('decides on the same attendance differently before and after the programme ends', () => {
    const attendance = attended(1, 2, 3);
    expect(evaluateCompletion(policy, sessions, attendance, afterSession(3)).status).toBe('on_track');
    expect(evaluateCompletion(policy, sessions, attendance, programmeOver)).toMatchObject({ status: 'not_completed', programmeOver: true, remainingPossible: { sessions: 0, minutes: 0 } });
  });

  it('completes early once the thresholds are met, since attendance only grows', () => {
    expect(evaluateCompletion(policy, sessions, attended(1, 2, 3, 4, 5, 6), afterSession(6)).status).toBe('completed');
  });

  it('rejects a policy that cannot mean anything', () => {
    expect(() => evaluateCompletion({ ...policy, minShareOfLiveMinutes: 75 }, sessions, [], programmeOver)).toThrow(RangeError);
    expect(() => evaluateCompletion({ ...policy, minSessionsAttended: -1 }, sessions, [], programmeOver)).toThrow(RangeError);
  });
});
