import { randomUUID } from 'node:crypto';

/** Time and identifiers are injected so that tests control them and never sleep. */
export interface Clock {
  now(): Date;
}

export interface IdSource {
  next(): string;
}

export const systemClock: Clock = { now: () => new Date() };

export const randomIds: IdSource = { next: () => randomUUID() };
