import { describe, expect, it } from 'vitest';
import { computeAttendance, type LedgerEvidence } from '../server/domain/attendance/ledger.ts';

const T0 = Date.parse('2026-07-14T00:00:00Z');
const min = (m: number) => T0 + m * 60_000;
const options = { scheduledStart: min(0), scheduledEnd: min(90), reconnectGraceMs: 60_000, closeGraceMs: 15 * 60_000, now: min(200) };
const room = 'session-0';

function webhook(kind: 'joined' | 'left', personId: string, sid: string, at: number, joinedAt: number | null = kind === 'joined' ? at : null): LedgerEvidence {
  return { source: 'webhook', kind, at, personId, participantSid: sid, joinedAt, roomName: room };
}
const poll = (at: number, seen: [personId: string, sid: string, joinedAt: number][] = []): LedgerEvidence[] => [
  { source: 'poll', kind: 'poll', at, personId: null, participantSid: null, joinedAt: null, roomName: room },
  ...seen.map(([personId, sid, joinedAt]): LedgerEvidence => ({ source: 'poll', kind: 'seen', at, personId, participantSid: sid, joinedAt, roomName: room })),
];
const minutesOf = (evidence: LedgerEvidence[], personId = 'ana') => (computeAttendance(evidence, options).get(personId)?.creditedMs ?? 0) / 60_000;

describe('the attendance ledger (pure)', () => {
  it('credits only the scheduled time: joining early or staying late adds nothing', () => {
    expect(minutesOf([webhook('joined', 'ana', 'PA_1', min(-10)), webhook('left', 'ana', 'PA_1', min(100), min(-10))])).toBe(90);
  });

  it('bridges a reconnect gap of up to 60 s, not one of 61 s', () => {
    const withGap = (seconds: number) => [
      webhook('joined', 'ana', 'PA_1', min(0)),
      webhook('left', 'ana', 'PA_1', min(30), min(0)),
      webhook('joined', 'ana', 'PA_2', min(30) + seconds * 1000),
      webhook('left', 'ana', 'PA_2', min(60), min(30) + seconds * 1000),
    ];
    expect(minutesOf(withGap(60))).toBe(60);
    expect(minutesOf(withGap(61))).toBeCloseTo(60 - 61 / 60, 5);
  });

  it('gives the same answer for every order and any number of copies of the evidence', () => {
    const evidence = [
      webhook('joined', 'ana', 'PA_1', min(-2)),
      ...poll(min(10), [['ana', 'PA_1', min(-2)], ['ben', 'PA_9', min(5)]]),
      webhook('left', 'ana', 'PA_1', min(40), min(-2)),
      webhook('joined', 'ana', 'PA_2', min(41)),
      ...poll(min(50), [['ana', 'PA_2', min(41)]]),
      { source: 'webhook', kind: 'room_finished', at: min(95), personId: null, participantSid: null, joinedAt: null, roomName: room } as LedgerEvidence,
    ];
    const expected = computeAttendance(evidence, options);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 50; round++) {
      const shuffled = [...evidence, ...evidence.filter(() => random() < 0.3)].sort(() => random() - 0.5);
      expect(computeAttendance(shuffled, options)).toEqual(expected);
    }
    // ana: -2..40, 41..room_finished at 95 → 0..90 with a 1-minute reconnect bridged; ben: seen once at 10, left unreported, the 50-minute poll proves it.
    expect(expected.get('ana')!.creditedMs / 60_000).toBe(90);
    expect(expected.get('ben')!.creditedMs / 60_000).toBe(5 + 20);
  });

  it('a leave without its join takes the start from LiveKit’s joinedAt or the poll', () => {
    expect(minutesOf([webhook('left', 'ana', 'PA_1', min(30), min(10))])).toBe(20);
    expect(minutesOf([...poll(min(12), [['ana', 'PA_1', min(10)]]), webhook('left', 'ana', 'PA_1', min(30), null)])).toBe(20);
  });

  it('an interval still open is closed at room_finished, or else at the scheduled end plus grace', () => {
    const finished: LedgerEvidence = { source: 'webhook', kind: 'room_finished', at: min(50), personId: null, participantSid: null, joinedAt: null, roomName: room };
    expect(minutesOf([webhook('joined', 'ana', 'PA_1', min(0)), finished])).toBe(50);
    const open = computeAttendance([webhook('joined', 'ana', 'PA_1', min(0))], options).get('ana')!;
    expect(open.lastLeave).toBe(min(105));
    expect(open.creditedMs / 60_000).toBe(90);
  });

  it('a second device replaces the first, as in LiveKit: the overlap is counted once', () => {
    const evidence = [webhook('joined', 'ana', 'PA_1', min(0)), webhook('joined', 'ana', 'PA_2', min(20)), webhook('left', 'ana', 'PA_2', min(70), min(20))];
    expect(minutesOf(evidence)).toBe(70);
  });

  it('labels each credited stretch with its evidence, the poll-estimated tail included', () => {
    const evidence = [webhook('joined', 'ana', 'PA_1', min(0)), ...poll(min(10), [['ana', 'PA_1', min(0)]]), ...poll(min(11))];
    const ana = computeAttendance(evidence, options).get('ana')!;
    expect(ana.segments.map((s) => [(s.from - T0) / 60_000, (s.to - T0) / 60_000, s.basis])).toEqual([
      [0, 10, ['poll', 'webhook']],
      [10, 10.5, ['poll_interpolated']],
    ]);
  });

  it('Socket.IO presence counts as evidence of its own', () => {
    const presence: LedgerEvidence = { source: 'presence', kind: 'presence', at: min(5), until: min(25), personId: 'ana', participantSid: null, joinedAt: null, roomName: '' };
    expect(computeAttendance([presence], options).get('ana')).toMatchObject({ creditedMs: 20 * 60_000, segments: [{ basis: ['presence'] }] });
  });
});
