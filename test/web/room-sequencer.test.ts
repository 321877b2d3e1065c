import { describe, expect, it } from 'vitest';
import { RoomSequencer } from '../../web/src/realtime/room-sequencer.ts';
import type { RoomEvent } from '../../server/domain/discussion/room-events.repository.ts';

const event = (sequence: number): RoomEvent => ({ room: 'session:x', sequence, kind: 'chat:sent', payload: {}, at: '2026-07-14T00:00:00Z' });

describe('the web app applies room events once each, in sequence order', () => {
  it('an event seen twice (its acknowledgement and its broadcast) is applied once', () => {
    const applied: number[] = [];
    const sequencer = new RoomSequencer((e) => applied.push(e.sequence));
    sequencer.reset(4);
    expect(sequencer.accept(event(5))).toBe(false);
    expect(sequencer.accept(event(5))).toBe(false);
    expect(sequencer.accept(event(3))).toBe(false);
    expect(applied).toEqual([5]);
  });

  it('a hole holds later events back and asks for a sync; the sync fills it and everything follows in order', () => {
    const applied: number[] = [];
    const sequencer = new RoomSequencer((e) => applied.push(e.sequence));
    sequencer.reset(10);
    expect(sequencer.accept(event(13))).toBe(true);
    expect(sequencer.accept(event(12))).toBe(true);
    expect(applied).toEqual([]);
    expect(sequencer.accept(event(11))).toBe(false);
    expect(applied).toEqual([11, 12, 13]);
    expect(sequencer.last).toBe(13);
  });
});
