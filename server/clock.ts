/** The one source of "now": injected everywhere so tests move time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #current: number;
  constructor(start: Date | string) {
    this.#current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#current);
  }
  advance(milliseconds: number): void {
    this.#current += milliseconds;
  }
  set(to: Date | string): void {
    this.#current = new Date(to).getTime();
  }
}
