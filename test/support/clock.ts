import type { Clock, IdSource } from '../../src/clock';

/** A clock tests move by hand: nothing in the suite sleeps. */
export class TestClock implements Clock {
  constructor(private current: Date = new Date('2026-03-10T09:00:00Z')) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const DAY = 24 * 60 * 60 * 1000;

/** Readable, unique ids: `id-1`, `id-2`, … with a prefix per source. */
export function sequentialIds(prefix = 'id'): IdSource {
  let n = 0;
  return { next: () => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}` };
}
