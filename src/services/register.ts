import { chain, type EventData, type EventType, type PendingEvent, type RegisterEvent } from '../domain/register';
import { StoreConflict, type Store } from '../store/store';
import type { IdSource } from '../clock';
import { KeyedLock } from './keyed-lock';

const MAX_ATTEMPTS = 20;

/**
 * Moves register entries into the hash-chained `events` collection. Changes reach it through
 * the case's outbox (written atomically with the change), disclosures directly; either way
 * an entry is appended once, in order, however many processes try.
 */
export class RegisterService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: Store,
    private readonly ids: IdSource,
  ) {}

  /** Records a disclosure or another event that changes nothing in the case itself. */
  async record(caseId: string, at: Date, actorId: string, type: EventType, data: EventData = {}): Promise<void> {
    await this.append(caseId, { id: this.ids.next(), at, actorId, type, data });
  }

  /** Moves a case's outbox into the register; entries already there are skipped. Returns how many moved. */
  async flush(caseId: string): Promise<number> {
    return this.lock.run(caseId, async () => {
      const c = await this.store.getCase(caseId);
      let moved = 0;
      for (const pending of await this.unregistered(c?.outbox ?? [])) {
        await this.appendUnlocked(caseId, pending);
        moved += 1;
      }
      return moved;
    });
  }

  /**
   * The outbox entries not yet in the register. A change carries these forward and drops
   * the rest, so the outbox is emptied by the next change rather than by a separate write.
   */
  async unregistered(outbox: PendingEvent[]): Promise<PendingEvent[]> {
    const kept: PendingEvent[] = [];
    for (const pending of outbox) if (!(await this.store.getEvent(pending.id))) kept.push(pending);
    return kept;
  }

  /** After a crash between a change and its flush, finishes what was left; returns the entries moved. */
  async recover(): Promise<number> {
    let moved = 0;
    for (const caseId of await this.store.casesWithPendingEvents()) moved += await this.flush(caseId);
    return moved;
  }

  async history(caseId: string): Promise<RegisterEvent[]> {
    await this.flush(caseId);
    return this.store.listEvents(caseId);
  }

  private append(caseId: string, pending: PendingEvent): Promise<void> {
    return this.lock.run(caseId, () => this.appendUnlocked(caseId, pending));
  }

  private async appendUnlocked(caseId: string, pending: PendingEvent): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const previous = await this.store.lastEvent(caseId);
      try {
        await this.store.appendEvent(chain(caseId, previous, pending));
        return;
      } catch (error) {
        if (!(error instanceof StoreConflict)) throw error;
        // Another process appended this very entry, or took the next place in the chain.
        if (await this.store.getEvent(pending.id)) return;
      }
    }
    throw new Error(`could not append to the register of case ${caseId} after ${MAX_ATTEMPTS} attempts`);
  }
}
