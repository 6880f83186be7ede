import type { Clock } from '../clock';

/**
 * Per-person limits on intake submissions and button presses, so that a stuck client or a
 * hostile account cannot flood the committee. Kept in this process: with several replicas the
 * effective limit is per replica, which still bounds a flood.
 */
export type LimitedKind = 'intake' | 'action';

export interface RateRule {
  limit: number;
  windowMs: number;
}

export const DEFAULT_RATE_RULES: Record<LimitedKind, RateRule> = {
  intake: { limit: 10, windowMs: 10 * 60 * 1000 },
  action: { limit: 60, windowMs: 60 * 1000 },
};

export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly rules: Record<LimitedKind, RateRule> = DEFAULT_RATE_RULES,
  ) {}

  /** Counts one more and says whether it is within the limit. */
  take(personId: string, kind: LimitedKind): boolean {
    const { limit, windowMs } = this.rules[kind];
    const now = this.clock.now().getTime();
    const key = `${kind}:${personId}`;
    const recent = (this.seen.get(key) ?? []).filter((at) => now - at < windowMs);
    if (recent.length >= limit) {
      this.seen.set(key, recent);
      return false;
    }
    recent.push(now);
    this.seen.set(key, recent);
    return true;
  }
}
