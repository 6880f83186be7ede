import { isDestroyed, mapSealed, type Case } from './case';
import type { RegisterEvent } from './register';

/**
 * The retention policy (README, "Retention"): a committee keeps the texts of a closed case for
 * `retentionYears` after it was closed; then they are archived and destroyed, and only what
 * the reports count remains. Pure rules; `src/services/retention.ts` carries them out.
 */

/** The moment `years` calendar years before `now`: cases closed before it are due. */
export function retentionCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/**
 * Closed before the cutoff and not yet destroyed. A case reopened and closed again counts
 * from its last closing; a closed case without a closure record is never due (when it was
 * closed is unknown).
 */
export function isDue(c: Case, cutoff: Date): boolean {
  return c.status === 'closed' && c.closure !== undefined && c.closure.at.getTime() < cutoff.getTime() && c.textsDestroyed === undefined;
}

/** How many sensitive texts the case holds (what destruction removes). */
export function sealedTextCount(c: Case): number {
  let count = 0;
  mapSealed(c, (value) => {
    if (!isDestroyed(value)) count += 1;
    return value;
  });
  return count;
}

/** `v2.<keyId>.<iv>.<tag>.<ciphertext>` (or v1, as sealed before): the shape `KeyRing.seal` gives. */
const SEALED_SHAPE = /^v[12]\.[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Register entries are hashed whole, payload included, and chained: a sealed text inside one
 * could not be destroyed without breaking the chain. Entries are written with codes, ids and
 * counts only; this finds any that is not, so that retention refuses the case rather than
 * leave a copy of a text it claims to have destroyed.
 */
export function entriesHoldingTexts(events: RegisterEvent[]): number[] {
  const holds = (value: unknown): boolean => (typeof value === 'string' ? SEALED_SHAPE.test(value) : Array.isArray(value) && value.some(holds));
  return events.filter((e) => Object.values(e.data).some(holds)).map((e) => e.seq);
}
