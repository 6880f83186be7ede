import { z } from 'zod/v4';
import type { Clock } from '../clock';
import type { HeldSubmission } from '../domain/held-submission';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { Bounded } from './bounded';
import type { KeyRing } from './crypto';

/** A held submission with its answers opened again, ready to be saved. */
export interface OpenedSubmission {
  key: string;
  personId: string;
  formId: string;
  context: string;
  answers: Record<string, string | string[]>;
  replyTo: Record<string, string>;
}

const answersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Held submissions saved at once by one process; the rest wait their turn. */
const SAVED_AT_ONCE = 4;
/** How long saving gives way to acknowledgements at most, so that a steady stream never starves it. */
const GIVE_WAY_MS = 2000;

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
  private arriving = 0;
  private readonly waitingForArrivals: Array<() => void> = [];

  constructor(private readonly deps: { store: Store; keys: KeyRing; clock: Clock; logger: Logger }) {}

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

  async hold(submission: OpenedSubmission): Promise<void> {
    const { key, personId, formId, context, answers, replyTo } = submission;
    const held: HeldSubmission = { _id: key, personId, formId, context, answers: this.deps.keys.seal(JSON.stringify(answers), `held:${key}`), replyTo, at: this.deps.clock.now() };
    await this.deps.store.holdSubmission(held);
  }

  async release(key: string): Promise<void> {
    await this.deps.store.releaseSubmission(key);
  }

  /**
   * What is still held, oldest first. An entry that cannot be opened (its key is gone) or read
   * is reported and left in place for an operator rather than dropped.
   */
  async unfinished(): Promise<OpenedSubmission[]> {
    const opened: OpenedSubmission[] = [];
    for (const held of await this.deps.store.heldSubmissions()) {
      try {
        const answers = answersSchema.parse(JSON.parse(this.deps.keys.open(held.answers, `held:${held._id}`)));
        opened.push({ key: held._id, personId: held.personId, formId: held.formId, context: held.context, answers, replyTo: held.replyTo });
      } catch (error) {
        this.deps.logger.error({ heldSince: held.at.toISOString(), err: error instanceof Error ? error.name : 'unknown' }, 'a held submission cannot be opened; it is kept');
      }
    }
    return opened;
  }
}
