import { z } from 'zod/v4';
import type { Clock } from '../clock';
import type { HeldSubmission } from '../domain/held-submission';
import type { Platform } from '../domain/roles';
import { submissionPlatform } from '../domain/submission-key';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { Bounded } from './bounded';
import type { KeyRing } from './crypto';

/** A held submission with its answers opened again, ready to be saved. */
export interface OpenedSubmission {
  key: string;
  /** When it was held. */
  at: Date;
  personId: string;
  formId: string;
  context: string;
  answers: Record<string, string | string[]>;
  replyTo: Record<string, string>;
}

/** Held after and before these instants (either may be left open). */
type HeldWindow = { heldAfter?: Date; heldBefore?: Date };

const answersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Held submissions saved at once by one process; the rest wait their turn. */
const SAVED_AT_ONCE = 4;
/** How long saving gives way to acknowledgements at most, so that a steady stream never starves it. */
const GIVE_WAY_MS = 2000;
/** A held submission is finished by a sweep until it has waited this long; an older one waits for the next start, and an operator's eye. */
const RETRY_UNTIL_MS = 24 * 60 * 60 * 1000;

/**
 * Submissions acknowledged to a platform before they are saved: held (sealed) first, released
 * once answered; whatever a dead process left is finished at the next start.
 *
 * Under a burst, acknowledgements come first: the platform wants them within seconds, and
 * saving what was acknowledged can wait a moment. So saving runs a few at a time, and gives
 * way while submissions are still being checked and held for their acknowledgement.
 */
export class HeldSubmissions {
  private readonly saving = new Bounded(SAVED_AT_ONCE);
  private readonly finishers = new Map<Platform, Finisher>();
  private arriving = 0;
  private readonly waitingForArrivals: Array<() => void> = [];

  /**
   * `retryAfterMs`: how long a held submission is left to whoever acknowledged it before a
   * sweep finishes it (a live process saves in seconds; the lease of claims is used).
   */
  constructor(private readonly deps: { store: Store; keys: KeyRing; clock: Clock; logger: Logger; retryAfterMs?: number }) {}

  /** A submission is being checked and held, to be acknowledged; call the result once it is. */
  arrive(): () => void {
    this.arriving += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.arriving -= 1;
      if (this.arriving === 0) for (const wake of this.waitingForArrivals.splice(0)) wake();
    };
  }

  /**
   * Saves an acknowledged submission (`work`), a few at a time, after the acknowledgements
   * under way (for up to two seconds). The submission stays held until `release`.
   */
  async save<T>(work: () => Promise<T>): Promise<T> {
    return this.saving.run(async () => {
      if (this.arriving > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          this.waitingForArrivals.push(resolve);
          timer = setTimeout(resolve, GIVE_WAY_MS);
        });
        clearTimeout(timer);
      }
      return work();
    });
  }

  async hold(submission: Omit<OpenedSubmission, 'at'>): Promise<void> {
    const { key, personId, formId, context, answers, replyTo } = submission;
    const sealed = this.deps.keys.seal(JSON.stringify(answers), boundTo(key, personId, formId));
    const held: HeldSubmission = { _id: key, personId, formId, context, answers: sealed, replyTo, at: this.deps.clock.now() };
    await this.deps.store.holdSubmission(held);
  }

  /**
   * A platform's way to finish what it held: save the submission as its person, and give them
   * the answer where they will see it now (the form it came from may be gone). `kept` when it
   * could not be saved now: it stays held for the next start.
   */
  register(platform: Platform, finisher: Finisher): void {
    this.finishers.set(platform, finisher);
  }

  /**
   * Finishes what was acknowledged but not saved, for every platform served here, a few at a
   * time: at start, whatever a process that died left; on each sweep, what was held longer than
   * `retryAfterMs` and less than a day ago (a save that failed, a process that died while
   * another runs on).
   * Finishing twice is harmless: each counts once (its submission key), its receipt goes out
   * once. One that fails now, or belongs to a platform this process does not serve, stays held.
   */
  async recover(window: HeldWindow = {}): Promise<{ finished: number; left: number }> {
    let finished = 0;
    let left = 0;
    for (const held of await this.unfinished(window)) {
      const platform = submissionPlatform(held.key);
      const finisher = platform && this.finishers.get(platform);
      if (!finisher) {
        left += 1;
        continue;
      }
      try {
        if ((await this.save(() => finisher(held))) === 'kept') throw new Error('not saved now');
        await this.release(held.key);
        finished += 1;
      } catch (error) {
        left += 1;
        this.deps.logger.warn({ platform, err: error instanceof Error ? error.message : 'unknown' }, 'a held submission could not be finished; it stays held');
      }
    }
    if (finished + left > 0) this.deps.logger.info({ finished, left }, 'held submissions finished');
    return { finished, left };
  }

  /** On each sweep: what has stayed held longer than `retryAfterMs` (and under a day) is finished now. */
  async retry(): Promise<{ finished: number; left: number }> {
    const now = this.deps.clock.now().getTime();
    return this.recover({ heldAfter: new Date(now - RETRY_UNTIL_MS), heldBefore: new Date(now - (this.deps.retryAfterMs ?? 5 * 60 * 1000)) });
  }

  async release(key: string): Promise<void> {
    await this.deps.store.releaseSubmission(key);
  }

  /**
   * What is still held (in `window`, when given), oldest first. An entry that cannot be opened
   * (its key is gone) or read is reported and left in place for an operator rather than dropped.
   */
  async unfinished(window: HeldWindow = {}): Promise<OpenedSubmission[]> {
    const opened: OpenedSubmission[] = [];
    // Only those in the window are opened: a sweep does not decrypt what it leaves.
    const inWindow = ({ at }: HeldSubmission) => (!window.heldAfter || at > window.heldAfter) && (!window.heldBefore || at < window.heldBefore);
    for (const held of (await this.deps.store.heldSubmissions()).filter(inWindow)) {
      try {
        const answers = answersSchema.parse(JSON.parse(this.openAnswers(held)));
        opened.push({ key: held._id, at: held.at, personId: held.personId, formId: held.formId, context: held.context, answers, replyTo: held.replyTo });
      } catch (error) {
        this.deps.logger.error({ heldSince: held.at.toISOString(), err: error instanceof Error ? error.name : 'unknown' }, 'a held submission cannot be opened; it is kept');
      }
    }
    return opened;
  }

  /**
   * The answers, opened only as the person and form they were held for: moved to another
   * person or form in the database, they no longer open. Answers held by an earlier version
   * (sealed as v1, bound to the key alone) still open as they were.
   */
  private openAnswers(held: HeldSubmission): string {
    try {
      return this.deps.keys.open(held.answers, boundTo(held._id, held.personId, held.formId));
    } catch (error) {
      if (!String(held.answers).startsWith('v1.')) throw error;
      return this.deps.keys.open(held.answers, `held:${held._id}`);
    }
  }
}

/** What a held submission's answers are bound to: its key, its person and its form. */
function boundTo(key: string, personId: string, formId: string): string {
  return `held:${key}:${personId}:${formId}`;
}

export type Finisher = (held: OpenedSubmission) => Promise<'saved' | 'kept'>;
