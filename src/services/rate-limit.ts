import type { Clock } from '../clock';

/**
 * Per-person limits on intake submissions, button presses and inline form checks, so that a
 * stuck client or a hostile account cannot flood the committee. Kept in this process: with
 * several replicas the effective limit is per replica, which still bounds a flood. What it
 * remembers is bounded too: people whose last request is older than the longest window are
 * forgotten.
 */
export type LimitedKind = 'intake' | 'action' | 'check';

export interface RateRule {
  limit: number;
  windowMs: number;
}

const DEFAULT_RATE_RULES: Record<LimitedKind, RateRule> = {
  intake: { limit: 10, windowMs: 10 * 60 * 1000 },
  action: { limit: 60, windowMs: 60 * 1000 },
  // Slack checks a form on every submission before saving it: generous, yet bounded.
  check: { limit: 120, windowMs: 60 * 1000 },
};

/** Requests between two clear-outs of people gone quiet. */
const PRUNE_EVERY = 500;

export class RateLimiter {
  private readonly seen = new Map<string, number[]>();
  private readonly longestWindowMs: number;
  private sincePruned = 0;

  constructor(
    private readonly clock: Clock,
    private readonly rules: Record<LimitedKind, RateRule> = DEFAULT_RATE_RULES,
  ) {
    this.longestWindowMs = Math.max(...Object.values(rules).map((r) => r.windowMs));
  }

  /** Counts one more and says whether it is within the limit. */
  take(personId: string, kind: LimitedKind): boolean {
    const { limit, windowMs } = this.rules[kind];
    const now = this.clock.now().getTime();
    if (++this.sincePruned >= PRUNE_EVERY) this.prune(now);
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

  /** How many (person, kind) pairs are remembered now. */
  get remembered(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    this.sincePruned = 0;
    for (const [key, times] of this.seen) if (now - (times.at(-1) ?? 0) >= this.longestWindowMs) this.seen.delete(key);
  }
}
