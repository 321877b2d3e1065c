import type { RoomEvent } from '../api/types.ts';

/**
 * Applies a room's events once each and in sequence order. Pushes can arrive twice (an
 * acknowledgement and its broadcast, a replay after reconnecting) or with a hole (a dropped
 * connection); a hole is held back and reported so the caller asks `room:sync` for what is missing.
 */
export class RoomSequencer {
  #last = 0;
  readonly #pending = new Map<number, RoomEvent>();
  readonly #apply: (event: RoomEvent) => void;

  constructor(apply: (event: RoomEvent) => void) {
    this.#apply = apply;
  }

  get last(): number {
    return this.#last;
  }

  reset(last: number): void {
    this.#last = last;
    this.#pending.clear();
  }

  /** Takes an event; returns true while a gap keeps later events waiting. */
  accept(event: RoomEvent): boolean {
    if (event.sequence <= this.#last) return this.#pending.size > 0;
    this.#pending.set(event.sequence, event);
    for (let next = this.#pending.get(this.#last + 1); next; next = this.#pending.get(this.#last + 1)) {
      this.#pending.delete(next.sequence);
      this.#last = next.sequence;
      this.#apply(next);
    }
    return this.#pending.size > 0;
  }
}

export const isRoomEvent = (value: unknown): value is RoomEvent =>
  typeof value === 'object' && value !== null && typeof (value as { sequence?: unknown }).sequence === 'number' && typeof (value as { kind?: unknown }).kind === 'string';
